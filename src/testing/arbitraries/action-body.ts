import fc from 'fast-check';
import { atLeast } from '../model/versions.js';
import { REF_ACTIONS, type RefAction } from '../reference/actions.js';
import { SAMPLE_FLAVOR_IDS, SAMPLE_IMAGES } from './catalog.js';

/** The `POST /servers/{id}/action` operations (everything but DELETE and PUT). */
export type BodyAction = Exclude<RefAction, 'delete' | 'update'>;

export const BODY_ACTIONS: readonly BodyAction[] = REF_ACTIONS.filter(
  (action): action is BodyAction => action !== 'delete' && action !== 'update',
);

/** The choices behind an action body; hosts and zones are positions, resolved at run time. */
export interface ActionArgs {
  readonly variant: number;
  readonly flavor: string;
  readonly image: string;
  readonly host: number | null;
  readonly zone: number;
  readonly resetTo: 'active' | 'error';
}

export interface ActionContext {
  readonly version: string;
  /** Host names `host` positions pick from (only admins name a host). */
  readonly hosts?: readonly string[];
  readonly zones?: readonly string[];
  readonly isAdmin?: boolean;
}

/** The abstract choices of any action body. */
export function actionArgs(): fc.Arbitrary<ActionArgs> {
  return fc.record({
    variant: fc.nat(11),
    flavor: fc.constantFrom(...SAMPLE_FLAVOR_IDS.slice(0, 4)),
    image: fc.constantFrom(...SAMPLE_IMAGES),
    host: fc.option(fc.nat(7), { nil: null, freq: 2 }),
    zone: fc.nat(7),
    resetTo: fc.constantFrom('active', 'error'),
  });
}

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
/** `null` or `{}`: the actions whose value Nova never looks at take either. */
const empty = (variant: number) => (variant % 2 === 0 ? null : {});

/**
 * The body of an action that the action's schema accepts at `ctx.version` (§2.2, the
 * schemas of nova/api/openstack/compute/schemas/*). Host names appear only for admins.
 *
 * @example
 * buildActionBody('rebootHard', args, { version: '2.1' }); // { reboot: { type: 'HARD' } }
 */
export function buildActionBody(
  action: BodyAction,
  args: ActionArgs,
  ctx: ActionContext,
): Record<string, unknown> {
  const v = args.variant;
  const hosts = ctx.hosts ?? [];
  const host =
    ctx.isAdmin === true && args.host !== null && hosts.length > 0 ? pick(hosts, args.host) : null;
  const zones = ctx.zones ?? [];
  const zone = zones.length > 0 ? pick(zones, args.zone) : 'nova';
  const at = (min: string) => atLeast(ctx.version, min);
  switch (action) {
    case 'rebootSoft':
      return { reboot: { type: pick(['SOFT', 'Soft', 'soft'], v) } };
    case 'rebootHard':
      return { reboot: { type: pick(['HARD', 'Hard', 'hard'], v) } };
    case 'rebuild':
      return {
        rebuild: {
          imageRef: args.image,
          ...(v & 1 ? { name: 'rebuilt' } : {}),
          ...(v & 2 ? { metadata: { rebuilt: 'yes' } } : {}),
          ...(v & 4 && at('2.19') ? { description: 'rebuilt' } : {}),
        },
      };
    case 'resize':
      return { resize: { flavorRef: args.flavor } };
    case 'rescue':
      return {
        rescue: pick([null, {}, { adminPass: 'Resc-ue-2' }, { rescue_image_ref: args.image }], v),
      };
    case 'lock':
      return { lock: at('2.73') ? pick([null, {}, { locked_reason: 'maintenance' }], v) : null };
    case 'changePassword':
      return { changePassword: { adminPass: 'n3w-Passw0rd' } };
    case 'unshelve': {
      if (!at('2.77')) return { unshelve: null };
      if (!at('2.91')) return { unshelve: v % 3 === 0 ? { availability_zone: zone } : null };
      const forms: unknown[] = [
        null,
        null,
        { availability_zone: zone },
        { availability_zone: null },
      ];
      if (host !== null) forms.push({ host });
      return { unshelve: pick(forms, v) };
    }
    case 'migrate':
      if (!at('2.56')) return { migrate: null };
      return { migrate: host !== null ? { host } : empty(v) };
    case 'migrateLive': {
      const target = { host };
      if (!at('2.25'))
        return { 'os-migrateLive': { block_migration: false, disk_over_commit: false, ...target } };
      return { 'os-migrateLive': { block_migration: v % 2 === 0 ? 'auto' : false, ...target } };
    }
    case 'evacuate': {
      const target = host !== null ? { host } : {};
      if (!at('2.14')) return { evacuate: { onSharedStorage: false, ...target } };
      return { evacuate: target };
    }
    case 'resetState':
      return { 'os-resetState': { state: args.resetTo } };
    case 'createImage':
      return { createImage: { name: 'snap', ...(v & 1 ? { metadata: { purpose: 'test' } } : {}) } };
    case 'createBackup':
      return { createBackup: { name: 'nightly', backup_type: 'daily', rotation: v % 3 } };
    case 'triggerCrashDump':
      return { trigger_crash_dump: null };
    case 'start':
      return { 'os-start': empty(v) };
    case 'stop':
      return { 'os-stop': empty(v) };
    case 'confirmResize':
    case 'revertResize':
    case 'pause':
    case 'unpause':
    case 'suspend':
    case 'resume':
    case 'unrescue':
    case 'unlock':
    case 'shelve':
    case 'shelveOffload':
    case 'restore':
    case 'forceDelete':
    case 'injectNetworkInfo':
      return { [action]: empty(v) };
  }
}

/**
 * A valid body for one server action at a microversion.
 *
 * @example
 * fc.sample(actionBody('resize', { version: '2.1' }), 1); // [{ resize: { flavorRef: '3' } }]
 */
export function actionBody(
  action: BodyAction,
  ctx: ActionContext,
): fc.Arbitrary<Record<string, unknown>> {
  return actionArgs().map((args) => buildActionBody(action, args, ctx));
}
