import type { Quotas } from '../../../config.js';
import type { NovaCloud } from '../../nova-cloud.js';

/** Nova's quota resource names, in `nova/quota.py` order. */
export const QUOTA_NAMES = [
  'instances',
  'cores',
  'ram',
  'metadata_items',
  'injected_files',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
  'key_pairs',
  'server_groups',
  'server_group_members',
  'fixed_ips',
  'floating_ips',
  'security_groups',
  'security_group_rules',
] as const;
export type QuotaName = (typeof QUOTA_NAMES)[number];

/** Where each resource lives in our `Quotas`; the nova-network ones are fixed at -1 (unlimited). */
export const QUOTA_FIELDS: Readonly<Record<QuotaName, keyof Quotas | null>> = {
  instances: 'instances',
  cores: 'cores',
  ram: 'ram',
  metadata_items: 'metadataItems',
  injected_files: 'injectedFiles',
  injected_file_content_bytes: 'injectedFileContentBytes',
  injected_file_path_bytes: 'injectedFilePathLength',
  key_pairs: 'keyPairs',
  server_groups: 'serverGroups',
  server_group_members: 'serverGroupMembers',
  fixed_ips: null,
  floating_ips: null,
  security_groups: null,
  security_group_rules: null,
};

/** Removed from quota views at 2.36 (nova-network proxies) and 2.57 (personality files). */
export const FILTERED_2_36: readonly QuotaName[] = [
  'fixed_ips',
  'floating_ips',
  'security_groups',
  'security_group_rules',
];
export const FILTERED_2_57: readonly QuotaName[] = [
  ...FILTERED_2_36,
  'injected_files',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
];

/** The per-user overrides of one cloud (os-quota-sets?user_id=), keyed `${projectId}/${userId}`. */
export function userQuotas(cloud: NovaCloud): Map<string, Partial<Quotas>> {
  return cloud.compute.userQuotas;
}

/**
 * A project's limits, or a user's (the project's unless overridden for that user).
 *
 * @example
 * effectiveQuotas(cloud, projectId, userId).keyPairs; // 100 by default
 */
export function effectiveQuotas(cloud: NovaCloud, projectId: string, userId?: string): Quotas {
  const project = cloud.compute.quotasOf(projectId);
  if (userId === undefined) return project;
  return { ...project, ...userQuotas(cloud).get(`${projectId}/${userId}`) };
}

/** The limits by Nova name. */
export function limitsByName(quotas: Quotas): Record<QuotaName, number> {
  const out = {} as Record<QuotaName, number>;
  for (const name of QUOTA_NAMES) {
    const field = QUOTA_FIELDS[name];
    out[name] = field === null ? -1 : quotas[field];
  }
  return out;
}

/**
 * Usage as Nova's DB quota driver reports it: servers (neither deleted nor soft-deleted)
 * and server groups are counted; key_pairs and server_group_members always read 0; the
 * absolute resources have no usage.
 */
export function usageByName(
  cloud: NovaCloud,
  projectId: string,
  userId?: string,
): Record<QuotaName, number> {
  const out = {} as Record<QuotaName, number>;
  for (const name of QUOTA_NAMES) out[name] = 0;
  if (userId === undefined) {
    Object.assign(out, cloud.compute.usageOf(projectId));
  } else {
    for (const server of cloud.compute.servers.values()) {
      if (server.projectId !== projectId || server.userId !== userId || server.deleted) continue;
      if (server.machine.vmState === 'soft-delete' || server.machine.vmState === 'deleted')
        continue;
      out.instances += 1;
      out.cores += server.flavor.vcpus;
      out.ram += server.flavor.ram;
    }
  }
  out.server_groups = serverGroupCount(cloud, projectId, userId);
  return out;
}

/** Server groups of a project (or of one user in it). */
export function serverGroupCount(cloud: NovaCloud, projectId: string, userId?: string): number {
  let count = 0;
  for (const group of cloud.catalog.groups.values()) {
    if (group.projectId === projectId && (userId === undefined || group.userId === userId)) count++;
  }
  return count;
}
