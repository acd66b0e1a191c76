import type { HostRecord } from './host.js';

/**
 * The attributes of Nova's `HostState` (nova/scheduler/host_manager.py) that the
 * simulator can fill, as ComputeCapabilitiesFilter (`capabilities:<attr>`) and
 * JsonFilter (`$<attr>`) read them. Integers where Nova has ints, floats where it has
 * floats (the allocation ratios), so `str()` of each prints as Python would.
 */

/** Every fake compute reports this `my_ip` (the hypervisors' `host_ip`). */
export const FAKE_HOST_IP = '192.168.0.1';

/** A HostState value: a number (int or float), a string, a list or a dict (`stats`). */
export type HostStateValue =
  | number
  | string
  | readonly HostStateValue[]
  | { readonly [key: string]: HostStateValue };

/**
 * The fake driver's `cpu_info`, as the compute node stores it: a JSON string
 * (`jsonutils.dumps`, Python's separators), which ComputeCapabilitiesFilter decodes to
 * walk `capabilities:cpu_info:arch`.
 */
const FAKE_CPU_INFO =
  '{"arch": "x86_64", "model": "Nehalem", "vendor": "Intel", "features": ["pge", "clflush"], ' +
  '"topology": {"cores": 1, "threads": 1, "sockets": 4}}';

/** What this request's earlier instances added to the host's counters. */
export interface HostStateExtra {
  readonly instances: number;
  readonly ioOps: number;
  readonly vcpus: number;
  readonly memoryMb: number;
  readonly diskGb: number;
}

const NONE: HostStateExtra = { instances: 0, ioOps: 0, vcpus: 0, memoryMb: 0, diskGb: 0 };

/** The node name: the fake driver calls the node of a host named `compute` `fake-mini`. */
function nodename(host: HostRecord): string {
  return host.name === 'compute' ? 'fake-mini' : host.name;
}

type Getter = (host: HostRecord, extra: HostStateExtra) => HostStateValue;

const ATTRIBUTES: Readonly<Record<string, Getter>> = {
  host: (h) => h.name,
  nodename: (h) => nodename(h),
  hypervisor_hostname: (h) => nodename(h),
  hypervisor_type: () => 'fake',
  hypervisor_version: (h) => h.spec.hypervisorVersion,
  host_ip: () => FAKE_HOST_IP,
  cpu_info: () => FAKE_CPU_INFO,
  total_usable_ram_mb: (h) => h.total.memoryMb,
  total_usable_disk_gb: (h) => h.total.diskGb,
  free_ram_mb: (h, x) => h.total.memoryMb - h.spec.reserved.memoryMb - h.used.memoryMb - x.memoryMb,
  free_disk_mb: (h, x) =>
    (h.total.diskGb - h.spec.reserved.diskGb - h.used.diskGb - x.diskGb) * 1024,
  disk_mb_used: (h, x) => (h.used.diskGb + h.spec.reserved.diskGb + x.diskGb) * 1024,
  vcpus_total: (h) => h.total.vcpus,
  vcpus_used: (h, x) => h.used.vcpus + x.vcpus,
  num_instances: (h, x) => h.instances + x.instances,
  num_io_ops: (h, x) => h.ioOps + x.ioOps,
  failed_builds: (h) => h.failedBuilds,
  cpu_allocation_ratio: (h) => h.spec.allocationRatio.vcpus,
  ram_allocation_ratio: (h) => h.spec.allocationRatio.memoryMb,
  disk_allocation_ratio: (h) => h.spec.allocationRatio.diskGb,
  stats: (h, x) => ({
    num_instances: String(h.instances + x.instances),
    io_workload: String(h.ioOps + x.ioOps),
    failed_builds: String(h.failedBuilds),
  }),
};

/** Attributes Nova keeps as Python floats. */
const FLOATS: ReadonlySet<string> = new Set([
  'cpu_allocation_ratio',
  'ram_allocation_ratio',
  'disk_allocation_ratio',
]);

/** Is `name` a HostState attribute the simulator fills? */
export function isHostStateAttribute(name: string): boolean {
  return Object.hasOwn(ATTRIBUTES, name);
}

/**
 * `getattr(host_state, name)`, or undefined when the simulator has no such attribute
 * (Nova's `None`: cpu_info, metrics, numa_topology, pci_stats of the fake driver).
 *
 * @example
 * hostStateAttribute(host, 'free_ram_mb'); // 32256 on an empty default host
 */
export function hostStateAttribute(
  host: HostRecord,
  name: string,
  extra: HostStateExtra = NONE,
): HostStateValue | undefined {
  return Object.hasOwn(ATTRIBUTES, name) ? ATTRIBUTES[name]!(host, extra) : undefined;
}

/** Python's `repr()` of a value inside a list or dict. */
function pythonRepr(value: HostStateValue): string {
  if (typeof value === 'string') return `'${value}'`;
  return pythonStr('', value);
}

/** Python's `str()` of a HostState value (`4.0` for a float attribute, `16` for an int). */
export function pythonStr(name: string, value: HostStateValue): string {
  if (typeof value === 'number') {
    if (FLOATS.has(name) && Number.isInteger(value)) return `${value}.0`;
    return String(value);
  }
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  const items = Object.entries(value as Record<string, HostStateValue>).map(
    ([k, v]) => `'${k}': ${pythonRepr(v)}`,
  );
  return `{${items.join(', ')}}`;
}
