import { createHash } from 'node:crypto';
import type { HostView } from '../../../scheduler/index.js';
import type { NovaCloud } from '../../nova-cloud.js';

export type ServiceBinary = 'nova-scheduler' | 'nova-conductor' | 'nova-compute';

/** One row of Nova's `services` table, as os-services, os-hypervisors and AZs read it. */
export interface ServiceRecord {
  /** The integer id shown before 2.53. */
  readonly id: number;
  /** The uuid shown from 2.53; derived from binary and host so it survives snapshots. */
  readonly uuid: string;
  readonly binary: ServiceBinary;
  readonly host: string;
  /** Its availability zone: `internal` for non-compute services. */
  readonly zone: string;
  readonly disabled: boolean;
  readonly disabledReason: string | null;
  readonly forcedDown: boolean;
  readonly up: boolean;
  /** The last heartbeat (virtual ms). */
  readonly updatedAt: number;
  /** The compute host behind a nova-compute record. */
  readonly hostView?: HostView;
}

/** The host of the scheduler and conductor services. */
export const CONTROLLER_HOST = 'controller';
const CONTROLLER_BINARIES: readonly ServiceBinary[] = ['nova-scheduler', 'nova-conductor'];
/** `[DEFAULT] report_interval`: services heart-beat every 10 s. */
const REPORT_INTERVAL_MS = 10_000;

// Deleted controller services live in the catalog, so a snapshot keeps them (compute
// services are deleted by removing the host).
export function deleteControllerService(cloud: NovaCloud, binary: ServiceBinary): void {
  cloud.catalog.deletedServices.add(binary);
}

/**
 * A name-based UUID (RFC 4122 version 5 layout over SHA-1): the same name always gives the
 * same id, so ids derived from host names survive a snapshot and restore.
 *
 * @example
 * stableUuid('node:compute-1'); // always the same uuid
 */
export function stableUuid(name: string): string {
  const hash = createHash('sha1').update(`nova-sim:${name}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A live service's last report: the latest 10 s tick since it (re)started. */
function lastReport(now: number, since: number): number {
  return since + Math.floor(Math.max(0, now - since) / REPORT_INTERVAL_MS) * REPORT_INTERVAL_MS;
}

/**
 * The services of the cloud: nova-scheduler and nova-conductor on `controller` (ids 1 and 2,
 * always up and enabled), then one nova-compute per host in host order (ids 3…).
 *
 * @example
 * serviceRecords(cloud).filter((s) => s.binary === 'nova-compute' && !s.up); // the down computes
 */
export function serviceRecords(cloud: NovaCloud): ServiceRecord[] {
  const now = cloud.clock.now();
  const deleted = cloud.catalog.deletedServices;
  const records: ServiceRecord[] = [];
  CONTROLLER_BINARIES.forEach((binary, i) => {
    if (deleted?.has(binary)) return;
    records.push({
      id: i + 1,
      uuid: stableUuid(`service:${binary}:${CONTROLLER_HOST}`),
      binary,
      host: CONTROLLER_HOST,
      zone: 'internal',
      disabled: false,
      disabledReason: null,
      forcedDown: false,
      up: true,
      updatedAt: lastReport(now, 0),
    });
  });
  cloud.scheduler.hosts().forEach((host, i) => {
    records.push({
      id: CONTROLLER_BINARIES.length + i + 1,
      uuid: stableUuid(`service:nova-compute:${host.name}`),
      binary: 'nova-compute',
      host: host.name,
      zone: host.availabilityZone,
      disabled: !host.enabled,
      disabledReason: host.disabledReason,
      forcedDown: host.forcedDown,
      up: cloud.scheduler.isUp(host.name, now),
      updatedAt: host.alive ? lastReport(now, host.lastHeartbeat) : host.lastHeartbeat,
      hostView: host,
    });
  });
  return records;
}
