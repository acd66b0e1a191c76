import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { authorize } from '../../policy.js';
import { checkQuery, MULTI_STRING } from './query-params.js';
import {
  FILTERED_2_36,
  FILTERED_2_57,
  limitsByName,
  type QuotaName,
  usageByName,
} from './quota-store.js';

/** `views/limits.py`: the absolute limit names of each quota resource. */
const LIMIT_NAMES: readonly (readonly [QuotaName, readonly string[]])[] = [
  ['ram', ['maxTotalRAMSize']],
  ['instances', ['maxTotalInstances']],
  ['cores', ['maxTotalCores']],
  ['key_pairs', ['maxTotalKeypairs']],
  ['floating_ips', ['maxTotalFloatingIps']],
  ['metadata_items', ['maxServerMeta', 'maxImageMeta']],
  ['injected_files', ['maxPersonality']],
  ['injected_file_content_bytes', ['maxPersonalitySize']],
  ['security_groups', ['maxSecurityGroups']],
  ['security_group_rules', ['maxSecurityGroupRules']],
  ['server_groups', ['maxServerGroups']],
  ['server_group_members', ['maxServerGroupMembers']],
];

const USED_NAMES: readonly (readonly [string, QuotaName])[] = [
  ['totalRAMUsed', 'ram'],
  ['totalCoresUsed', 'cores'],
  ['totalInstancesUsed', 'instances'],
  ['totalFloatingIpsUsed', 'floating_ips'],
  ['totalSecurityGroupsUsed', 'security_groups'],
  ['totalServerGroupsUsed', 'server_groups'],
];

/**
 * GET /limits: the project's absolute limits and usage; `tenant_id` picks another project
 * (admins only). 2.36 drops the nova-network limits, 2.39 maxImageMeta, 2.57 the
 * personality ones. `rate` is always empty.
 */
function showLimits(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, { tenant_id: MULTI_STRING }, ctx.version.atLeast('2.75'));
  authorize(ctx, 'os_compute_api:limits');
  let projectId = ctx.auth.projectId;
  const tenant = ctx.query.get('tenant_id');
  if (tenant !== undefined) {
    authorize(ctx, 'os_compute_api:limits:other_project');
    projectId = tenant;
  }
  const v = ctx.version;
  const filtered = v.atLeast('2.57') ? FILTERED_2_57 : v.atLeast('2.36') ? FILTERED_2_36 : [];
  const limits = limitsByName(ctx.cloud.compute.quotasOf(projectId));
  const usage = usageByName(ctx.cloud, projectId);
  const absolute: Record<string, number> = {};
  for (const [resource, names] of LIMIT_NAMES) {
    if (filtered.includes(resource)) continue;
    for (const name of names) {
      if (name === 'maxImageMeta' && v.atLeast('2.39')) continue;
      absolute[name] = limits[resource];
    }
  }
  for (const [name, resource] of USED_NAMES) {
    if (!filtered.includes(resource)) absolute[name] = usage[resource];
  }
  return { status: 200, body: { limits: { rate: [], absolute } } };
}

export const limitRoutes: readonly Route[] = [
  { method: 'GET', path: '/limits', handler: showLimits },
];
