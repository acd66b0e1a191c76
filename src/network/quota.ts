import type { NetworkContext } from './context.js';
import { NeutronError } from './errors.js';
import type { NetworkDb, QuotaResource } from './records.js';

const COUNTERS: Record<QuotaResource, (db: NetworkDb, projectId: string) => number> = {
  network: (db, p) => count(db.networks.values(), p),
  subnet: (db, p) => count(db.subnets.values(), p),
  subnetpool: () => 0,
  port: (db, p) => db.portCount(p),
  router: (db, p) => count(db.routers.values(), p),
  floatingip: (db, p) => count(db.floatingIps.values(), p),
  rbac_policy: () => 0,
  security_group: (db, p) => count(db.securityGroups.values(), p),
  security_group_rule: (db, p) => count(db.rules.values(), p),
};

function count(rows: Iterable<{ projectId: string }>, projectId: string): number {
  let n = 0;
  for (const row of rows) if (row.projectId === projectId) n++;
  return n;
}

/** How many of a resource a project has. */
export function usage(db: NetworkDb, resource: QuotaResource, projectId: string): number {
  return COUNTERS[resource](db, projectId);
}

/**
 * Neutron's quota check before a create: OverQuota (409) when `adding` more would pass the
 * project's limit (-1: unlimited).
 */
export function checkQuota(
  ctx: Pick<NetworkContext, 'db'>,
  resource: QuotaResource,
  projectId: string,
  adding = 1,
): void {
  if (projectId === '') return;
  const limit = ctx.db.quotasOf(projectId)[resource];
  if (limit < 0) return;
  if (usage(ctx.db, resource, projectId) + adding > limit) {
    throw NeutronError.conflict('OverQuota', `Quota exceeded for resources: ['${resource}'].`);
  }
}
