import type { PreparedRequest } from './request.js';

/**
 * Does the request give the instance a NUMA topology (`hardware.numa_get_constraints`
 * returns one)? It does for an explicit node count, huge pages, vPMEM, and
 * dedicated or mixed CPUs; NUMATopologyFilter then needs a host NUMA topology,
 * which the fake driver never reports.
 */
export function requestsNumaTopology(request: PreparedRequest): boolean {
  const specs = request.extraSpecs;
  const image = request.imageProperties;
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
