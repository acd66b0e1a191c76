import type { Cloud } from '../../cloud.js';
import { violated } from '../model/violation.js';
import { countsAgainstQuota, type QuotaUsage } from '../reference/quotas.js';

/** §5.4: a project's usage recounted from the servers that exist. */
export function recountUsage(cloud: Cloud, projectId: string): QuotaUsage {
  const usage: QuotaUsage = { instances: 0, cores: 0, ram: 0 };
  for (const server of cloud.compute.servers.values()) {
    if (server.projectId !== projectId) continue;
    if (!countsAgainstQuota({ deleted: server.deleted, vmState: server.machine.vmState })) continue;
    usage.instances += 1;
    usage.cores += server.flavor.vcpus;
    usage.ram += server.flavor.ram;
  }
  return usage;
}

/**
 * The usage the cloud charges each project equals what exists: non-deleted,
 * non-soft-deleted servers and their flavors (§5.4, §3.1).
 *
 * @example
 * checkQuotaUsage(cloud);
 */
export function checkQuotaUsage(cloud: Cloud): void {
  const projects = new Set<string>();
  for (const server of cloud.compute.servers.values()) projects.add(server.projectId);
  for (const projectId of projects) {
    const want = recountUsage(cloud, projectId);
    const got = cloud.compute.usageOf(projectId);
    if (got.instances !== want.instances || got.cores !== want.cores || got.ram !== want.ram) {
      violated(
        'quota',
        `project ${projectId} is charged ${JSON.stringify(got)} but its servers add up to ${JSON.stringify(want)}`,
      );
    }
  }
}
