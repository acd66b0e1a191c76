import type { Server } from '../../compute/server.js';

/** A column value as the database holds it; datetimes as epoch ms. */
export type ColumnValue = string | number | boolean | null;

type Kind = 'string' | 'int' | 'bool' | 'datetime';

interface Column {
  readonly kind: Kind;
  readonly get: (server: Server) => ColumnValue;
}

const text = (get: (s: Server) => string | null): Column => ({ kind: 'string', get });
const int = (get: (s: Server) => number | null): Column => ({ kind: 'int', get });
const time = (get: (s: Server) => number | null): Column => ({ kind: 'datetime', get });
const bool = (get: (s: Server) => boolean): Column => ({ kind: 'bool', get });
// Nova stores an empty access IP as NULL (an IPAddress column).
const orNull = (value: string) => (value === '' ? null : value);

/**
 * The columns of Nova's `instances` table that list filters and sort keys name, read from
 * our server record (nova/db/main/models.py `Instance`).
 */
export const COLUMNS: Readonly<Record<string, Column>> = {
  id: int((s) => s.dbId),
  uuid: text((s) => s.id),
  display_name: text((s) => s.name),
  display_description: text((s) => s.description),
  project_id: text((s) => s.projectId),
  user_id: text((s) => s.userId),
  image_ref: text((s) => s.imageRef),
  // The flavor id stands in for the flavors table's integer primary key.
  instance_type_id: {
    kind: 'string',
    get: (s) => (/^[0-9]+$/.test(s.flavor.id) ? Number(s.flavor.id) : s.flavor.id),
  },
  host: text((s) => s.host),
  // The fake driver names its one node after the host.
  node: text((s) => s.host),
  launched_on: text((s) => s.host),
  hostname: text((s) => s.hostname),
  key_name: text((s) => s.keyName),
  key_data: text((s) => s.keyData),
  user_data: text((s) => s.userData),
  availability_zone: text((s) => s.availabilityZone),
  reservation_id: text((s) => s.reservationId),
  launch_index: int((s) => s.launchIndex),
  created_at: time((s) => s.createdAt),
  updated_at: time((s) => s.updatedAt),
  launched_at: time((s) => s.launchedAt),
  terminated_at: time((s) => s.terminatedAt),
  deleted_at: time((s) => s.deletedAt),
  vm_state: text((s) => s.machine.vmState),
  task_state: text((s) => s.machine.taskState),
  power_state: int((s) => s.machine.powerState),
  // The fake driver never reports progress, so the column stays at its default.
  progress: int(() => 0),
  memory_mb: int((s) => s.flavor.ram),
  vcpus: int((s) => s.flavor.vcpus),
  root_gb: int((s) => s.flavor.disk),
  ephemeral_gb: int((s) => s.flavor.ephemeral),
  config_drive: text((s) => (s.configDrive ? 'True' : '')),
  access_ip_v4: text((s) => orNull(s.accessIPv4)),
  access_ip_v6: text((s) => orNull(s.accessIPv6)),
  auto_disk_config: bool((s) => s.autoDiskConfig),
  kernel_id: text(() => ''),
  ramdisk_id: text(() => ''),
  root_device_name: text((s) => s.rootDeviceName),
  locked_by: text((s) => s.lockedBy),
  locked: bool((s) => s.lockedBy !== null),
};

export function isColumn(name: string): boolean {
  return Object.hasOwn(COLUMNS, name);
}

/** The value as MySQL's REGEXP sees it: text, with NULL matching nothing. */
export function columnText(name: string, server: Server): string | null {
  const column = COLUMNS[name];
  if (column === undefined) return null;
  const value = column.get(server);
  if (value === null) return null;
  switch (column.kind) {
    case 'bool':
      return value ? '1' : '0';
    case 'datetime':
      return mysqlDatetime(value as number);
    default:
      return String(value);
  }
}

/** A sortable value: numbers for numbers, bools and datetimes; lower-cased text. */
export function sortValue(name: string, server: Server): number | string | null {
  const column = COLUMNS[name];
  if (column === undefined) return null;
  return sortable(column.get(server));
}

function sortable(value: ColumnValue): number | string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  // Nova's tables use a case-insensitive MySQL collation.
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/**
 * {@link sortValue} of one column, with the column looked up once: what reads every row
 * (a restore's fill, a row's re-file) calls.
 *
 * @example
 * const hostOf = sortReader('host');
 * hostOf(server); // 'compute-1'
 */
export function sortReader(name: string): (server: Server) => number | string | null {
  const column = COLUMNS[name];
  if (column === undefined) return () => null;
  const { get } = column;
  return (server) => sortable(get(server));
}

/** `YYYY-MM-DD HH:MM:SS`: a DATETIME column converted to text. */
export function mysqlDatetime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
