import { type ActionRule, checkAction, checkSubject } from '../../compute/action-rules.js';
import { addFixedIp, removeFixedIp } from '../../compute/fixed-ip-api.js';
import type { Server } from '../../compute/server.js';
import type { ApiContext, HandlerResult } from '../context.js';

type Json = Record<string, unknown>;

/**
 * compute/api.py add_fixed_ip / remove_fixed_ip: `check_instance_lock` only, any state.
 * Nova lets InstanceIsLocked escape the controller's expected errors (a 500); the simulator
 * answers the 409 every other locked action gives.
 */
const LOCK_ONLY: ActionRule = {
  name: 'multinic',
  vmStates: 'any',
  lockChecked: true,
  taskStates: 'any',
  mustHaveLaunched: false,
  host: 'none',
  hostCheckFirst: false,
  lockMessage: 'locked',
};

function checkLock(ctx: ApiContext, server: Server): void {
  const refusal = checkAction(LOCK_ONLY, checkSubject(server), {
    isAdmin: ctx.caller.isAdmin,
    hostUp: true,
  });
  if (refusal) throw refusal;
}

/**
 * The cast's work, done at once: nova-compute asks Neutron, and a refusal there is an
 * instance fault the 202 never shows. A server with no host has nowhere to cast to.
 */
function cast(ctx: ApiContext, server: Server, work: () => boolean): void {
  if (server.host === null || !server.ports) return;
  if (work()) server.updatedAt = ctx.cloud.clock.now();
}

function addFixedIpAction(ctx: ApiContext, server: Server, args: Json | null): HandlerResult {
  checkLock(ctx, server);
  const networkId = String(args?.networkId ?? '');
  const { network, neutron } = ctx.cloud;
  cast(ctx, server, () => addFixedIp(network, neutron, server, networkId));
  return { status: 202 };
}

function removeFixedIpAction(ctx: ApiContext, server: Server, args: Json | null): HandlerResult {
  checkLock(ctx, server);
  const address = String(args?.address ?? '');
  const { network, neutron } = ctx.cloud;
  cast(ctx, server, () => removeFixedIp(network, neutron, server, address));
  return { status: 202 };
}

/**
 * The multinic actions (multinic.py, up to 2.43): Neutron proxies answering 202 whatever
 * Neutron then does.
 */
export const MULTINIC_ACTIONS = {
  addFixedIp: { rule: 'os_compute_api:os-multinic:add', run: addFixedIpAction },
  removeFixedIp: { rule: 'os_compute_api:os-multinic:remove', run: removeFixedIpAction },
} as const;
