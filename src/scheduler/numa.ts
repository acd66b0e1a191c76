import type { PreparedRequest } from './request.js';

/**
 * Does the flavor and image pair give the instance a NUMA topology
 * (`hardware.numa_get_constraints` returns one)? It does for an explicit node count, huge
 * pages, vPMEM, and dedicated or mixed CPUs.
 *
 * @example
 * needsNumaTopology({ 'hw:mem_page_size': 'large' }, {}); // true
 */
export function needsNumaTopology(
  specs: Readonly<Record<string, string>>,
  image: Readonly<Record<string, string>>,
): boolean {
  const policy = specs['hw:cpu_policy'] ?? image.hw_cpu_policy;
  return (
    specs['hw:numa_nodes'] !== undefined ||
    image.hw_numa_nodes !== undefined ||
    specs['hw:mem_page_size'] !== undefined ||
    image.hw_mem_page_size !== undefined ||
    specs['hw:pmem'] !== undefined ||
    specs['resources:PCPU'] !== undefined ||
    policy === 'dedicated' ||
    policy === 'mixed'
  );
}

/**
 * Does the request give the instance a NUMA topology? NUMATopologyFilter then needs a host
 * NUMA topology, which the fake driver never reports.
 */
export function requestsNumaTopology(request: PreparedRequest): boolean {
  return needsNumaTopology(request.extraSpecs, request.imageProperties);
}

/** Image properties that shape the NUMA constraints, and the flavor key that overrides each. */
const NUMA_IMAGE_KEYS: readonly (readonly [image: string, flavor: string])[] = [
  ['hw_numa_nodes', 'hw:numa_nodes'],
  ['hw_mem_page_size', 'hw:mem_page_size'],
  ['hw_cpu_policy', 'hw:cpu_policy'],
  ['hw_cpu_thread_policy', 'hw:cpu_thread_policy'],
  ['hw_cpu_realtime_mask', 'hw:cpu_realtime_mask'],
  ['hw_emulator_threads_policy', 'hw:emulator_threads_policy'],
  ['hw_pci_numa_affinity_policy', 'hw:pci_numa_affinity_policy'],
];

/** `hw_numa_cpus.N` / `hw_numa_mem.N`, which the flavor's `hw:numa_*.N` replace as a whole. */
const NUMA_CELL_KEY = /^hw_numa_(cpus|mem)\.\d+$/;

/**
 * What the image contributes to the instance's NUMA constraints, as a comparable string, or
 * null when the pair has no NUMA topology. compute.API `_validate_numa_rebuild` refuses a
 * new image whose constraints differ (one null and not the other, or different values).
 *
 * @example
 * numaConstraintsKey({}, { hw_numa_nodes: '2' }) !== numaConstraintsKey({}, {}); // true
 */
export function numaConstraintsKey(
  specs: Readonly<Record<string, string>>,
  image: Readonly<Record<string, string>>,
): string | null {
  if (!needsNumaTopology(specs, image)) return null;
  const parts: string[] = [];
  for (const [imageKey, flavorKey] of NUMA_IMAGE_KEYS) {
    parts.push(String(specs[flavorKey] ?? image[imageKey] ?? ''));
  }
  const flavorCells = Object.keys(specs).some((k) => /^hw:numa_(cpus|mem)\.\d+$/.test(k));
  if (!flavorCells) {
    for (const key of Object.keys(image)
      .filter((k) => NUMA_CELL_KEY.test(k))
      .sort()) {
      parts.push(`${key}=${image[key]}`);
    }
  }
  return JSON.stringify(parts);
}
