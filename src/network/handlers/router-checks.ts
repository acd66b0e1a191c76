import type { NetworkContext } from '../context.js';
import { NeutronError } from '../errors.js';
import { overlaps, parseCidr } from '../ip.js';
import type { SubnetRow } from '../records.js';

/** l3_db's BadRequest for a router: "Bad router request: …". */
export function badRouter(message: string): NeutronError {
  return NeutronError.badRequest('BadRequest', `Bad router request: ${message}.`);
}

/**
 * l3_db's _check_for_dup_router_subnets: a new interface's subnets must be new to the router
 * and overlap none of its subnets, the gateway network's included.
 */
export function checkDupRouterSubnets(
  ctx: NetworkContext,
  routerId: string,
  added: readonly SubnetRow[],
): void {
  const ids = new Set(added.map((s) => s.id));
  const routerSubnets: SubnetRow[] = [];
  for (const port of ctx.db.portsOf(routerId)) {
    for (const ip of port.fixedIps) {
      if (ids.has(ip.subnet_id))
        throw badRouter(`Router already has a port on subnet ${ip.subnet_id}`);
      if (port.deviceOwner === 'network:router_gateway') {
        routerSubnets.push(...ctx.db.subnetsOf(port.networkId));
      } else {
        const subnet = ctx.db.subnets.get(ip.subnet_id);
        if (subnet) routerSubnets.push(subnet);
      }
    }
  }
  for (const sub of routerSubnets) {
    for (const s of added) {
      if (overlaps(parseCidr(sub.cidr)!, parseCidr(s.cidr)!)) {
        throw badRouter(
          `Cidr ${s.cidr} of subnet ${s.id} overlaps with cidr ${sub.cidr} of subnet ${sub.id}`,
        );
      }
    }
  }
}
