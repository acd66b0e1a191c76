import type { Resources } from '../scheduler/index.js';
import type { MachineState } from './machine-runner.js';

/** A flavor as a server keeps it (Nova copies the flavor into the instance). */
export interface Flavor {
  readonly id: string;
  readonly name: string;
  readonly vcpus: number;
  readonly ram: number;
  readonly disk: number;
  readonly ephemeral: number;
  readonly swap: number;
  readonly rxtxFactor: number;
  readonly isPublic: boolean;
  readonly disabled: boolean;
  readonly description: string | null;
  readonly extraSpecs: Readonly<Record<string, string>>;
}

/**
 * The alternates of a server that has none (all but a build's reschedule candidates):
 * shared, so frozen. An empty array of its own cost 32 bytes a server for its lifetime.
 */
export const NO_ALTERNATES = Object.freeze([]) as unknown as string[];

/**
 * The addresses of a server with no port (built without networks, or deleted): shared, so
 * frozen. Compute replaces a server's addresses whole from its ports, never writes into them.
 */
export const NO_ADDRESSES = Object.freeze([]) as unknown as Address[];

/**
 * What a server with this flavor asks Placement for (master nova/scheduler/utils.py
 * `ResourceRequest.from_request_spec`): VCPU, MEMORY_MB, and DISK_GB as the ephemeral disk
 * plus the swap in GiB rounded up, plus the root disk unless the server is volume-backed
 * (`is_bfv`: its root is a Cinder volume, not the host's disk). The resource tracker's
 * `local_gb_used` leaves the root out the same way.
 *
 * @example
 * flavorResources(server.flavor, isVolumeBacked(server));
 */
export function flavorResources(flavor: Flavor, volumeBacked: boolean): Resources {
  const local = flavor.ephemeral + Math.ceil(flavor.swap / 1024);
  return {
    vcpus: flavor.vcpus,
    memoryMb: flavor.ram,
    diskGb: volumeBacked ? local : flavor.disk + local,
  };
}

/**
 * A server booted from a volume (master `compute_utils.is_volume_backed_instance`): its
 * root block device mapping is a volume, which a create given both an image and a root
 * volume mapping has too; without a root mapping, an empty image_ref.
 */
export function isVolumeBacked(server: Pick<Server, 'imageRef' | 'volumes'>): boolean {
  return server.imageRef === '' || server.volumes.some((v) => v.bootIndex === 0);
}

/** An instance fault (nova/compute/utils.py `add_instance_fault_from_exc`). */
export interface Fault {
  readonly code: number;
  readonly message: string;
  readonly details: string;
  readonly created: number;
}

/** A resize, cold or live migration, or evacuation in flight (Nova's migration record). */
export interface Migration {
  /** The migration's uuid (also the consumer of the source allocation while it moves). */
  readonly id: string;
  /** Nova's integer row id, the `id` of os-migrations. */
  readonly dbId: number;
  readonly serverId: string;
  readonly userId: string;
  readonly projectId: string;
  /** When the record last changed; null until its first change, as in Nova. */
  updatedAt: number | null;
  readonly kind: 'resize' | 'migration' | 'live-migration' | 'evacuation';
  /** Null only in the error record of a live migration of a server with no host. */
  readonly sourceHost: string | null;
  destHost: string | null;
  readonly oldFlavor: Flavor;
  readonly newFlavor: Flavor;
  /** Nova's migration status: pre-migrating, migrating, finished, confirming, confirmed, reverting, reverted, error. */
  status: string;
  /** A host the caller asked for (admin), if any. */
  readonly requestedHost: string | null;
  /**
   * A live migration to `requestedHost` that skips the scheduler's filters (Placement's
   * claim still applies): before 2.30, or with `force` (nova/compute/api.py live_migrate).
   */
  forced?: true;
  readonly createdAt: number;
  /** When the move finished (VERIFY_RESIZE): the resize_confirm_window counts from here. */
  finishedAt?: number;
}

/** A volume block device mapping of a server (Nova's `block_device_mapping` row). */
export interface AttachedVolume {
  readonly id: string;
  /** Mutable from 2.85 (PUT os-volume_attachments). */
  deleteOnTermination: boolean;
  /** `/dev/vda`…, once Nova picked one. */
  readonly device?: string | null;
  readonly tag?: string | null;
  /** The Cinder attachment backing this mapping. */
  attachmentId?: string | null;
  /** 0 for the root disk; null for a data volume. */
  readonly bootIndex?: number | null;
  /** The BDM's own uuid (2.89 `bdm_uuid`). */
  readonly uuid?: string;
  /** Nova's detach is under way: the row goes when it finishes. */
  detaching?: boolean;
}

export interface Address {
  readonly network: string;
  readonly version: 4 | 6;
  readonly addr: string;
  readonly type: 'fixed' | 'floating';
  readonly mac: string;
}

/** What compute.API.rebuild hands the conductor when the image changes. */
export interface RebuildCheck {
  readonly origImageRef: string;
  readonly imageRef: string;
  readonly imageProperties: Readonly<Record<string, string>>;
}

export interface InstanceActionEvent {
  readonly event: string;
  readonly startTime: number;
  finishTime: number | null;
  result: 'Success' | 'Error' | null;
  readonly host: string | null;
  /** An Error's exception message (2.84 `details`), for the events the simulator knows it of. */
  details?: string;
  /** An Error's formatted frames (the admin's `traceback`), likewise. */
  traceback?: string;
}

/** os-instance-actions: one record per API action on the server. */
export interface InstanceAction {
  readonly action: string;
  readonly requestId: string;
  /** Null for an action a periodic task records (its admin context has no user). */
  readonly userId: string | null;
  readonly projectId: string | null;
  readonly startTime: number;
  updatedAt: number;
  message: string | null;
  readonly events: InstanceActionEvent[];
}

/** Everything Nova stores about one server; the API status is derived, never stored. */
export interface Server {
  readonly id: string;
  /** The DB id behind `instance-%08x`. */
  readonly dbId: number;
  name: string;
  readonly projectId: string;
  readonly userId: string;
  machine: MachineState;
  /** The row is deleted: shown as DELETED, hidden from show (404) and plain lists. */
  deleted: boolean;
  host: string | null;
  flavor: Flavor;
  imageRef: string;
  readonly createdAt: number;
  updatedAt: number;
  launchedAt: number | null;
  terminatedAt: number | null;
  deletedAt: number | null;
  /** When the server was shelved (Nova's system_metadata shelved_at), for the offload poll. */
  shelvedAt: number | null;
  /** The `<name>-shelved` Glance image (Nova's system_metadata shelved_image_id). */
  shelvedImageId?: string;
  readonly reservationId: string;
  readonly launchIndex: number;
  /** The AZ the request asked for (or was pinned to), null for any. */
  requestedAz: string | null;
  /** A host forced by `az:host` or 2.74 `host` (filters bypassed), null for any. */
  forcedHost: string | null;
  /** A node forced by `az:host:node` or `az::node`, when given. */
  forcedNode?: string;
  /** A host asked for at 2.74 (`host` / `hypervisor_hostname`): filters still apply. */
  requestedHost: string | null;
  /** A host `unshelve` (2.91) asked for, until the unshelve is scheduled. */
  unshelveHost?: string;
  /** The AZ of the host, once scheduled. */
  availabilityZone: string | null;
  metadata: Record<string, string>;
  tags: string[];
  keyName: string | null;
  keyData: string | null;
  accessIPv4: string;
  accessIPv6: string;
  autoDiskConfig: boolean;
  configDrive: boolean;
  userData: string | null;
  description: string | null;
  hostname: string;
  lockedBy: 'owner' | 'admin' | null;
  lockedReason: string | null;
  fault: Fault | null;
  addresses: Address[];
  securityGroups: string[];
  volumes: AttachedVolume[];
  serverGroupId: string | null;
  schedulerHints: Record<string, string[]>;
  trustedImageCertificates: string[] | null;
  rootDeviceName: string | null;
  migration: Migration | null;
  /**
   * A rebuild onto another image, until the conductor has asked the scheduler: the image
   * the server had (put back if the host refuses the new one) and the new image with the
   * properties the API put in the request spec.
   */
  rebuildCheck?: RebuildCheck;
  /** Build attempts so far and the alternate hosts the scheduler offered. */
  attempts: number;
  alternates: string[];
  actions: InstanceAction[];
  /** Console auth tokens issued for this server (Nova keeps them per instance, in its cell). */
  consoleTokens?: ConsoleToken[];
  /** Neutron ports of the server, as Nova's VIFs remember them. */
  ports?: ServerPort[];
  /** A network allocation that failed at create: the build aborts with it (Nova's BuildAbortException). */
  networkError?: string;
}

/**
 * A server row before the engine admits it: `machine` and `dbId` are the engine's to set.
 * A caller may give them as placeholders (last, in this order) so that admitting the row
 * fills fields it already has instead of adding two (which costs the row a property array).
 */
export type NewServer = Omit<Server, 'machine' | 'dbId'> & {
  machine?: Server['machine'] | undefined;
  dbId?: number;
};

/** Nova's ConsoleAuthToken row: what `os-console-auth-tokens` resolves a token to. */
export interface ConsoleToken {
  readonly token: string;
  /** novnc, spice-html5, spice-direct, serial or webmks. */
  readonly consoleType: string;
  readonly host: string;
  readonly port: number;
  readonly tlsPort: number | null;
  readonly internalAccessPath: string | null;
  /** Virtual ms after which the token no longer resolves. */
  readonly expiresAt: number;
}

/** A VIF: the port, and whether Nova leaves it behind on delete (the user gave it). */
export interface ServerPort {
  readonly id: string;
  readonly preserveOnDelete: boolean;
  /** The device tag given at attach (2.49+). */
  readonly tag?: string | null;
}
