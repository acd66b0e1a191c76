import {
  canonicalArchitecture,
  canonicalHypervisorType,
  canonicalVmMode,
  type SupportedInstance,
} from './image-properties.js';
import { checkResources, copyResources, type Resources } from './resources.js';

export type { SupportedInstance } from './image-properties.js';

/**
 * A compute host (one nova-compute service with one node) as given to
 * {@link Scheduler.addHost}. Omitted fields take {@link HOST_DEFAULTS}.
 *
 * @example
 * scheduler.addHost({ name: 'compute-1', vcpus: 16, memoryMb: 32768, availabilityZone: 'az1' }, now);
 */
export interface HostSpec {
  name: string;
  /** Physical totals reported to Placement (the inventory `total`). */
  vcpus?: number;
  memoryMb?: number;
  diskGb?: number;
  /** `reserved_host_cpus`, `reserved_host_memory_mb`, `reserved_host_disk_mb` (in GB here). */
  reserved?: Partial<Resources>;
  /** `cpu_allocation_ratio`, `ram_allocation_ratio`, `disk_allocation_ratio`. */
  allocationRatio?: Partial<Resources>;
  availabilityZone?: string;
  /** Placement traits of the node; a request's `requiredTraits` must all be present. */
  traits?: string[];
  /** What ImagePropertiesFilter matches image `hw_architecture`/`img_hv_type`/`hw_vm_mode` against. */
  supportedInstances?: SupportedInstance[];
  hypervisorVersion?: number;
}

/** A {@link HostSpec} with every default filled in: what a snapshot stores. */
export interface ResolvedHostSpec {
  name: string;
  vcpus: number;
  memoryMb: number;
  diskGb: number;
  reserved: Resources;
  allocationRatio: Resources;
  availabilityZone: string;
  traits: string[];
  supportedInstances: SupportedInstance[];
  hypervisorVersion: number;
}

/**
 * Defaults of a host. The sizes are a mid-sized server, not the fake driver's
 * (`FakeDriver` reports 1000 vCPUs / 800000 MB / 600000 GB, which never fill up);
 * reserved and ratios are Nova's: `reserved_host_memory_mb` 512, and the
 * `initial_*_allocation_ratio` values 4.0 / 1.0 / 1.0. The fake driver reports
 * `supported_instances` `[(x86_64, fake, hvm)]` and hypervisor version 1000.
 */
export const HOST_DEFAULTS = Object.freeze({
  vcpus: 16,
  memoryMb: 32768,
  diskGb: 500,
  reserved: Object.freeze({ vcpus: 0, memoryMb: 512, diskGb: 0 }),
  allocationRatio: Object.freeze({ vcpus: 4.0, memoryMb: 1.0, diskGb: 1.0 }),
  availabilityZone: 'nova',
  traits: Object.freeze([] as string[]),
  supportedInstances: Object.freeze([
    Object.freeze({ architecture: 'x86_64', hypervisorType: 'fake', vmMode: 'hvm' }),
  ]),
  hypervisorVersion: 1000,
});

function checkRatio(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${what} must be a positive number; got ${String(value)}`);
  }
  return value;
}

function checkHypervisorVersion(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`hypervisorVersion must be a non-negative integer; got ${String(value)}`);
  }
  return value;
}

/** Fills defaults, validates and deep-copies a spec (a wrong spec is a caller bug: RangeError). */
export function resolveHostSpec(spec: HostSpec): ResolvedHostSpec {
  if (typeof spec.name !== 'string' || spec.name === '') {
    throw new RangeError('A host needs a non-empty name');
  }
  const d = HOST_DEFAULTS;
  const total = checkResources(
    {
      vcpus: spec.vcpus ?? d.vcpus,
      memoryMb: spec.memoryMb ?? d.memoryMb,
      diskGb: spec.diskGb ?? d.diskGb,
    },
    `host ${spec.name}`,
  );
  const reserved = checkResources(
    { ...d.reserved, ...spec.reserved },
    `host ${spec.name} reserved`,
  );
  const ratio = { ...d.allocationRatio, ...spec.allocationRatio };
  return {
    name: spec.name,
    ...total,
    reserved,
    allocationRatio: {
      vcpus: checkRatio(ratio.vcpus, `host ${spec.name} allocationRatio.vcpus`),
      memoryMb: checkRatio(ratio.memoryMb, `host ${spec.name} allocationRatio.memoryMb`),
      diskGb: checkRatio(ratio.diskGb, `host ${spec.name} allocationRatio.diskGb`),
    },
    availabilityZone: spec.availabilityZone ?? d.availabilityZone,
    traits: [...(spec.traits ?? d.traits)],
    // Canonical like the image side, so `AMD64` on a host matches `x86_64` in an image.
    supportedInstances: (spec.supportedInstances ?? d.supportedInstances).map((s) => ({
      architecture: canonicalArchitecture(s.architecture),
      hypervisorType: canonicalHypervisorType(s.hypervisorType),
      vmMode: canonicalVmMode(s.vmMode),
    })),
    hypervisorVersion: checkHypervisorVersion(spec.hypervisorVersion ?? d.hypervisorVersion),
  };
}

export function copyHostSpec(spec: ResolvedHostSpec): ResolvedHostSpec {
  return resolveHostSpec(spec);
}

/** Placement's capacity of each class: `(total − reserved) × allocation_ratio`. */
export function effectiveCapacity(spec: ResolvedHostSpec): Resources {
  return {
    vcpus: (spec.vcpus - spec.reserved.vcpus) * spec.allocationRatio.vcpus,
    memoryMb: (spec.memoryMb - spec.reserved.memoryMb) * spec.allocationRatio.memoryMb,
    diskGb: (spec.diskGb - spec.reserved.diskGb) * spec.allocationRatio.diskGb,
  };
}

/**
 * The scheduler's mutable record of one host. Internal: the public face is
 * {@link HostView}. `slot` is the host's position in the index's per-slot arrays.
 */
export interface HostRecord {
  readonly slot: number;
  readonly name: string;
  readonly spec: ResolvedHostSpec;
  /** Inventory totals: `max_unit` of each class. */
  readonly total: Resources;
  readonly capacity: Resources;
  readonly traits: ReadonlySet<string>;
  /** The host's zone now: an aggregate's `availability_zone`, else the spec's. */
  zone: string;
  used: Resources;
  enabled: boolean;
  disabledReason: string | null;
  forcedDown: boolean;
  alive: boolean;
  lastHeartbeat: number;
  /** Consumers holding a claim here: the `num_instances` stat NumInstancesWeigher reads. */
  instances: number;
  /** Those of them busy building or in an I/O task: the `io_workload` stat IoOpsWeigher reads. */
  ioOps: number;
  /** Builds failed here since the last one that succeeded (the `failed_builds` stat). */
  failedBuilds: number;
}

export function createHostRecord(slot: number, spec: ResolvedHostSpec, now: number): HostRecord {
  return {
    slot,
    name: spec.name,
    spec,
    total: { vcpus: spec.vcpus, memoryMb: spec.memoryMb, diskGb: spec.diskGb },
    capacity: effectiveCapacity(spec),
    traits: new Set(spec.traits),
    zone: spec.availabilityZone,
    used: { vcpus: 0, memoryMb: 0, diskGb: 0 },
    enabled: true,
    disabledReason: null,
    forcedDown: false,
    alive: true,
    lastHeartbeat: now,
    instances: 0,
    ioOps: 0,
    failedBuilds: 0,
  };
}

/** The service state of a host: what `os-services` shows, and what a snapshot keeps. */
export interface HostServiceState {
  enabled: boolean;
  disabledReason: string | null;
  forcedDown: boolean;
  /** False once the nova-compute process stopped heart-beating (crash, stop). */
  alive: boolean;
  /** When it last heart-beat: set by addHost and setAlive; a live host keeps beating. */
  lastHeartbeat: number;
}

/** A copy of one host's spec, service state and resource accounting. */
export interface HostView extends HostServiceState {
  name: string;
  availabilityZone: string;
  spec: ResolvedHostSpec;
  capacity: Resources;
  used: Resources;
  free: Resources;
}

export function viewHost(record: HostRecord): HostView {
  const { capacity, used } = record;
  return {
    name: record.name,
    availabilityZone: record.zone,
    spec: copyHostSpec(record.spec),
    enabled: record.enabled,
    disabledReason: record.disabledReason,
    forcedDown: record.forcedDown,
    alive: record.alive,
    lastHeartbeat: record.lastHeartbeat,
    capacity: copyResources(capacity),
    used: copyResources(used),
    free: {
      vcpus: capacity.vcpus - used.vcpus,
      memoryMb: capacity.memoryMb - used.memoryMb,
      diskGb: capacity.diskGb - used.diskGb,
    },
  };
}
