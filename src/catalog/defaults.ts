import type { Flavor } from '../compute/server.js';

function flavor(
  id: string,
  name: string,
  vcpus: number,
  ram: number,
  disk: number,
  extra: Partial<Flavor> = {},
): Flavor {
  return {
    id,
    name,
    vcpus,
    ram,
    disk,
    ephemeral: 0,
    swap: 0,
    rxtxFactor: 1.0,
    isPublic: true,
    disabled: false,
    description: null,
    extraSpecs: {},
    ...extra,
  };
}

/** The flavors of Nova's api_samples (doc/api_samples/flavors), so the samples work verbatim. */
export const DEFAULT_FLAVORS: readonly Flavor[] = [
  flavor('1', 'm1.tiny', 1, 512, 1),
  flavor('2', 'm1.small', 1, 2048, 20),
  flavor('3', 'm1.medium', 2, 4096, 40),
  flavor('4', 'm1.large', 4, 8192, 80),
  flavor('5', 'm1.xlarge', 8, 16384, 160),
  flavor('6', 'm1.tiny.specs', 1, 512, 1, { extraSpecs: { 'hw:numa_nodes': '1' } }),
  flavor('7', 'm1.small.description', 1, 2048, 20, {
    description: 'test description',
    extraSpecs: { 'hw:cpu_policy': 'shared', 'hw:numa_nodes': '1' },
  }),
];

/** The samples' project, and the default caller's (DESIGN.md). */
export const SAMPLE_PROJECT_ID = '6f70656e737461636b20342065766572';
export const SAMPLE_USER_ID = 'fake';
