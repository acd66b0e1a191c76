import { raisedAt } from './fault-details.js';
import {
  type InstanceAction,
  type InstanceActionEvent,
  isVolumeBacked,
  type Server,
} from './server.js';

/**
 * The instance-action events nova-conductor records before a move's compute takes over,
 * outermost first (master nova/conductor/manager.py): `wrap_instance_event(prefix=
 * 'conductor')` names an event `conductor_<method>`, and `EventReporter` blocks name their
 * own. Rebuild and evacuation share `rebuild_server`; a resize or cold migration is
 * `migrate_server` around `cold_migrate`; a live migration is `live_migrate_instance` from
 * 2.34 (the API casts) and `migrate_server` before (the API calls); an offloaded unshelve
 * reads the shelved image (`get_image_info`, image-backed only) and then schedules
 * (`schedule_instances`).
 */
export function conductorEventNames(
  action: string,
  server: Server,
  options: { asyncLive?: boolean } = {},
): readonly string[] {
  switch (action) {
    case 'rebuild':
    case 'evacuate':
      return ['rebuild_server'];
    case 'resize':
    case 'migrate':
      return ['conductor_migrate_server', 'cold_migrate'];
    case 'live-migration':
      return [
        options.asyncLive === false
          ? 'conductor_migrate_server'
          : 'conductor_live_migrate_instance',
      ];
    case 'unshelve':
      if (server.machine.vmState !== 'shelved_offloaded') return [];
      // The conductor reads the shelved image, which shelve made only for an image-backed server.
      return isVolumeBacked(server)
        ? ['schedule_instances']
        : ['get_image_info', 'schedule_instances'];
    default:
      return [];
  }
}

/** The conductor method each event's traceback starts in. */
const CONDUCTOR_METHOD: Readonly<Record<string, string>> = {
  rebuild_server: 'rebuild_instance',
  conductor_migrate_server: 'migrate_server',
  cold_migrate: '_cold_migrate',
  conductor_live_migrate_instance: '_live_migrate',
  get_image_info: 'unshelve_instance',
  schedule_instances: 'unshelve_instance',
};

/**
 * The host nova-conductor runs on, which its events record (its manager's `self.host`,
 * CONF.host): the controller that os-services lists it on.
 */
export const CONDUCTOR_HOST = 'controller';

/** Open events, started now, for the conductor's part of an action. */
export function openEvents(names: readonly string[], now: number): InstanceActionEvent[] {
  return names.map((event) => ({
    event,
    startTime: now,
    finishTime: null,
    result: null,
    host: CONDUCTOR_HOST,
  }));
}

/** Is this one of the conductor's events (by name: the compute's all start `compute_`)? */
function isConductorEvent(event: InstanceActionEvent): boolean {
  return Object.hasOwn(CONDUCTOR_METHOD, event.event);
}

/**
 * The action the conductor works for: the server's latest with a conductor event and no
 * compute event yet (a lock or reset-state taken meanwhile records none).
 */
export function conductorAction(server: Server): InstanceAction | undefined {
  const { actions } = server;
  for (let i = actions.length - 1; i >= 0; i--) {
    const action = actions[i]!;
    if (!action.events.some(isConductorEvent)) continue;
    const computeEvent = COMPUTE_EVENT[action.action];
    return action.events.some((e) => e.event === computeEvent) ? undefined : action;
  }
  return undefined;
}

/** The compute event that follows the conductor's, by action. */
const COMPUTE_EVENT: Readonly<Record<string, string>> = {
  rebuild: 'compute_rebuild_instance',
  evacuate: 'compute_rebuild_instance',
  resize: 'compute_prep_resize',
  migrate: 'compute_prep_resize',
  'live-migration': 'compute_live_migration',
  unshelve: 'compute_unshelve_instance',
};

/**
 * The conductor handed the action to a compute: its open events close with Success, and
 * the compute's event opens on `host`, the compute that records it (the destination's
 * prep_resize and rebuild_instance, the source's live_migration). Without `computeStarts`
 * the compute has not taken the cast yet: it opens its event when it does.
 */
export function conductorSucceeded(
  action: InstanceAction | undefined,
  now: number,
  host: string | null,
  computeStarts = true,
): void {
  if (action === undefined || !action.events.some(isConductorEvent)) return;
  for (const event of action.events) {
    if (!isConductorEvent(event) || event.finishTime !== null) continue;
    event.finishTime = now;
    event.result = 'Success';
  }
  const computeEvent = COMPUTE_EVENT[action.action];
  if (computeEvent !== undefined && computeStarts) {
    action.events.push({
      event: computeEvent,
      startTime: now,
      finishTime: null,
      result: null,
      host,
    });
  }
  action.updatedAt = now;
}

/**
 * The conductor's task raised: each of its open events closes with Error, the exception's
 * message as `details` (a NovaException's text, else its class name) and the frames Nova
 * formats as `traceback`; no compute event follows.
 */
export function conductorFailed(
  action: InstanceAction | undefined,
  now: number,
  details: string,
): void {
  if (action === undefined) return;
  for (const event of action.events) {
    if (!isConductorEvent(event) || event.finishTime !== null) continue;
    event.finishTime = now;
    event.result = 'Error';
    event.details = details;
    event.traceback = eventTraceback(CONDUCTOR_METHOD[event.event]!, details);
  }
  action.message = 'Error';
  action.updatedAt = now;
}

/**
 * `traceback.format_tb` of the exception (nova/objects/base.py `serialize_args`): frames
 * only, no header and no exception line. Short, like the fault's: the conductor method,
 * then where the exception was raised, without line numbers.
 */
function eventTraceback(method: string, details: string): string {
  const frames = [`  File "nova/conductor/manager.py", in ${method}\n`];
  const where = raisedAt(details);
  if (where !== '') frames.push(`  File "${where.replace(', in ', '", in ')}\n`);
  return frames.join('');
}
