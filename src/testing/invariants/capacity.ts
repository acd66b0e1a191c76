import type { Cloud } from '../../cloud.js';
import type { Flavor, Server } from '../../compute/server.js';
import type { Resources } from '../../scheduler/index.js';
import { violated } from '../model/violation.js';

const CLASSES = ['vcpus', 'memoryMb', 'diskGb'] as const;

/**
 * What a flavor claims in Placement: VCPU, MEMORY_MB, DISK_GB (root + ephemeral + swap),
 * the root left out for a volume-backed server (Nova's is_bfv: a root volume mapping, or
 * no image).
 */
function claimOf(flavor: Flavor, server: Server): Resources {
  const volumeBacked = server.imageRef === '' || server.volumes.some((v) => v.bootIndex === 0);
  const root = volumeBacked ? 0 : flavor.disk;
  return {
    vcpus: flavor.vcpus,
    memoryMb: flavor.ram,
    diskGb: root + flavor.ephemeral + Math.ceil(flavor.swap / 1024),
  };
}

function add(map: Map<string, Resources>, host: string, r: Resources): void {
  const sum = map.get(host) ?? { vcpus: 0, memoryMb: 0, diskGb: 0 };
  map.set(host, {
    vcpus: sum.vcpus + r.vcpus,
    memoryMb: sum.memoryMb + r.memoryMb,
    diskGb: sum.diskGb + r.diskGb,
  });
}

const show = (r: Resources) => `${r.vcpus} vcpus / ${r.memoryMb} MB / ${r.diskGb} GB`;

/**
 * §8.1, §8.1a: no host's usage exceeds `(total − reserved) × allocation_ratio`, and each
 * host's claims add up to the flavors of the servers on it: a server holds its flavor on
 * its host; during a resize or migration once the destination is chosen, the old flavor
 * stays claimed on the source and the new one on the destination. Deleted servers, failed
 * builds and offloaded servers hold nothing.
 *
 * @example
 * checkCapacity(cloud); // throws InvariantViolation('capacity', …) on the first mismatch
 */
export function checkCapacity(cloud: Cloud): void {
  const expected = new Map<string, Resources>();
  for (const server of cloud.compute.servers.values()) {
    if (server.deleted) continue;
    const move = server.migration;
    if (move && move.destHost !== null) {
      if (move.sourceHost !== null) add(expected, move.sourceHost, claimOf(move.oldFlavor, server));
      add(expected, move.destHost, claimOf(move.newFlavor, server));
    } else if (server.host !== null) {
      add(expected, server.host, claimOf(server.flavor, server));
    }
  }
  for (const host of cloud.hosts.list()) {
    const { spec } = host;
    const used = cloud.scheduler.usage(host.name);
    const claims = cloud.scheduler.claimsOnHost(host.name);
    const want = expected.get(host.name) ?? { vcpus: 0, memoryMb: 0, diskGb: 0 };
    const summed: Resources = { vcpus: 0, memoryMb: 0, diskGb: 0 };
    for (const claim of claims) for (const rc of CLASSES) summed[rc] += claim.resources[rc];
    const totals = { vcpus: spec.vcpus, memoryMb: spec.memoryMb, diskGb: spec.diskGb };
    for (const rc of CLASSES) {
      const capacity = (totals[rc] - spec.reserved[rc]) * spec.allocationRatio[rc];
      if (used[rc] > capacity) {
        violated(
          'capacity',
          `host ${host.name} uses ${show(used)}, over its capacity (total − reserved) × ratio = ${capacity} ${rc}`,
        );
      }
      if (summed[rc] !== used[rc]) {
        violated(
          'capacity',
          `host ${host.name} reports usage ${show(used)} but its claims add up to ${show(summed)}`,
        );
      }
      if (want[rc] !== used[rc]) {
        violated(
          'capacity',
          `host ${host.name} has claims of ${show(used)} but the servers on it hold flavors of ${show(want)} (claims: ${claims
            .map((c) => `${c.consumerId}=${show(c.resources)}`)
            .join(', ')})`,
        );
      }
    }
  }
}
