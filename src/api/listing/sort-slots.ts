import type { Server } from '../../compute/server.js';
import { sortReader } from './columns.js';

/** A column's value as the sort compares it (see `sortValue`). */
export type SortValue = number | string | null;

/**
 * The columns the index keeps a sorted list of, one slot each in an entry's cached
 * values. The other sort keys read one of these lists: `node` is the host (the fake
 * driver's one node), and `kernel_id`, `ramdisk_id` and `progress` never vary here, so
 * their order is the uuid tie-break alone, as is `project_id` within one project.
 */
export const SORTED_COLUMNS = [
  'created_at',
  'updated_at',
  'launched_at',
  'terminated_at',
  'display_name',
  'display_description',
  'hostname',
  'access_ip_v4',
  'access_ip_v6',
  'auto_disk_config',
  'availability_zone',
  'config_drive',
  'host',
  'image_ref',
  'instance_type_id',
  'key_name',
  'launch_index',
  'locked',
  'locked_by',
  'power_state',
  'root_device_name',
  'task_state',
  'user_id',
  'vm_state',
] as const;

/** Columns whose distinct texts the index groups rows by, for the filters few rows match. */
export const GROUPED_COLUMNS = ['host', 'key_name', 'config_drive'] as const;
export type GroupedColumn = (typeof GROUPED_COLUMNS)[number];

const SLOTS = new Map<string, number>(SORTED_COLUMNS.map((name, slot) => [name, slot]));

/** Sort keys read through another column's list, or through the uuid list (`null`). */
const ALIASES: Readonly<Record<string, string | null>> = {
  node: 'host',
  uuid: null,
  kernel_id: null,
  ramdisk_id: null,
  progress: null,
  project_id: null,
};

/** Columns that hold one value on every row here (the fake driver's): their text. */
export const CONSTANT_TEXT: Readonly<Record<string, string>> = {
  kernel_id: '',
  ramdisk_id: '',
  progress: '0',
};

/**
 * The slot of the list a sort key reads: a number, `null` for the uuid list, or
 * undefined when the key has no list (it is sorted by a scan).
 *
 * @example
 * slotOf('node') === slotOf('host'); // true
 */
export function slotOf(key: string): number | null | undefined {
  if (Object.hasOwn(ALIASES, key)) {
    const alias = ALIASES[key]!;
    return alias === null ? null : SLOTS.get(alias);
  }
  return SLOTS.get(key);
}

/** Each slot's column reader, looked up once (a keyed lookup per value cost more). */
const READERS = SORTED_COLUMNS.map(sortReader);

/** The value of one sorted column of a server. */
export function slotValue(slot: number, server: Server): SortValue {
  return READERS[slot]!(server);
}

/** Whether a column filter on `name` can be answered from the groups. */
export function groupedColumn(name: string): GroupedColumn | undefined {
  if (name === 'node') return 'host';
  return (GROUPED_COLUMNS as readonly string[]).includes(name)
    ? (name as GroupedColumn)
    : undefined;
}
