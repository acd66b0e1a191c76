import { createHash } from 'node:crypto';
import type { Cloud } from '../../cloud.js';
import type { Server } from '../../compute/server.js';
import type { ReferenceModel } from '../model/reference-model.js';
import { atLeast } from '../model/versions.js';
import { violated } from '../model/violation.js';
import { FAULT_STATUSES, hostStatusOf, ISO_SECONDS } from '../reference/responses.js';

/**
 * §1.4: every server's status is Nova's map of its (deleted, vm_state, task_state).
 *
 * @example
 * checkStatuses(cloud, createReferenceModel());
 */
export function checkStatuses(cloud: Cloud, reference: ReferenceModel): void {
  for (const server of cloud.compute.servers.values()) {
    const { vmState, taskState } = server.machine;
    const want = reference.status(vmState, taskState, server.deleted);
    const got = cloud.compute.status(server);
    if (got !== want) {
      violated(
        'status',
        `server ${server.id} is ${vmState}/${taskState ?? 'None'}${server.deleted ? ' (deleted)' : ''} and shows ${got}; Nova's status map says ${want}`,
        { server: server.id, vm_state: vmState, task_state: taskState, status: want },
      );
    }
  }
}

/** What a view is checked against beyond itself: the server's record and who asked. */
export interface ViewContext {
  readonly cloud: Cloud;
  readonly server: Server;
  readonly isAdmin: boolean;
  /** The microversion asked for (`latest` allowed). */
  readonly version: string;
}

/**
 * A server view (show, list detail, PUT, rebuild): its `status` is the map of the
 * `OS-EXT-STS:*` fields it carries; with the record at hand also the map of the record's
 * states, `hostId` (§4.5), `fault` only for ERROR and DELETED (§4.7), timestamps (§4.8),
 * `locked` (2.9) and, for admins from 2.16, `host_status` (§8.4).
 *
 * @example
 * checkServerView(reference, res.body.server, 'GET /servers/{id}', { cloud, server, isAdmin, version });
 */
export function checkServerView(
  reference: ReferenceModel,
  view: unknown,
  where: string,
  context?: ViewContext,
): void {
  if (view === null || typeof view !== 'object') violated('status', `${where}: no server view`);
  const v = view as Record<string, unknown>;
  const id = String(v.id);
  if ('OS-EXT-STS:vm_state' in v) {
    const vm = v['OS-EXT-STS:vm_state'] as string;
    const task = (v['OS-EXT-STS:task_state'] ?? null) as string | null;
    const want = reference.status(vm, task, vm === 'deleted');
    if (v.status !== want) {
      violated(
        'status',
        `${where}: server ${id} shows status ${String(v.status)} with vm_state ${vm} and task_state ${task ?? 'None'}; Nova's map says ${want}`,
      );
    }
  }
  if (!context) return;
  const { server, cloud } = context;
  const { vmState, taskState } = server.machine;
  const status = reference.status(vmState, taskState, server.deleted);
  const view$ = (problem: string): never => violated('view', `${where}: server ${id} ${problem}`);
  if (v.status !== status)
    view$(
      `shows ${String(v.status)}; its states ${vmState}/${taskState ?? 'None'} map to ${status}`,
    );
  const hostId =
    server.host === null
      ? ''
      : createHash('sha224').update(`${server.projectId}${server.host}`).digest('hex');
  if ('hostId' in v && v.hostId !== hostId)
    view$(`has hostId ${JSON.stringify(v.hostId)}; §4.5 says ${JSON.stringify(hostId)}`);
  if ('fault' in v && !FAULT_STATUSES.has(status))
    view$(`shows a fault while ${status} (§4.7: ERROR and DELETED only)`);
  for (const key of ['created', 'updated']) {
    if (key in v && !ISO_SECONDS.test(String(v[key]))) view$(`has ${key} ${String(v[key])} (§4.8)`);
  }
  if (atLeast(context.version, '2.9') && 'locked' in v && v.locked !== (server.lockedBy !== null)) {
    view$(
      `shows locked ${String(v.locked)} but is ${server.lockedBy === null ? 'not ' : ''}locked`,
    );
  }
  if (!('OS-EXT-STS:vm_state' in v)) return;
  const shown = 'host_status' in v;
  if (!context.isAdmin || !atLeast(context.version, '2.16')) {
    if (shown && !context.isAdmin) view$('shows host_status to a non-admin (§8.4)');
    return;
  }
  const service =
    server.host === null ? undefined : cloud.hosts.list().find((h) => h.name === server.host);
  const want = hostStatusOf(
    server.host,
    service,
    cloud.clock.now(),
    cloud.config.serviceDownTime * 1000,
  );
  if (!want.includes(String(v.host_status))) {
    view$(
      `has host_status ${JSON.stringify(v.host_status)}; §8.4 says ${want.map((w) => JSON.stringify(w)).join(' or ')}`,
    );
  }
}
