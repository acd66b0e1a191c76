import { NovaError } from '../../errors/nova-error.js';
import type { Microversion } from '../microversion.js';
import type { Query } from '../query.js';
import { pythonRepr } from '../validation/python-repr.js';
import { parseIsoTime } from './iso-time.js';
import { compileRegex } from './regex.js';

/** What one query parameter of the list schema accepts (all values arrive as strings). */
type ParamRule = 'any' | 'regex' | 'date-time' | 'sort-key' | 'limit';

/** Legacy sort keys: accepted and ignored before 2.75 (schemas/servers.py). */
export const IGNORED_SORT_KEYS: readonly string[] = [
  'architecture',
  'cell_name',
  'cleaned',
  'default_ephemeral_device',
  'default_swap_device',
  'deleted',
  'deleted_at',
  'disable_terminate',
  'ephemeral_gb',
  'ephemeral_key_uuid',
  'id',
  'key_data',
  'launched_on',
  'locked',
  'memory_mb',
  'os_type',
  'reservation_id',
  'root_gb',
  'shutdown_terminate',
  'user_data',
  'vcpus',
  'vm_mode',
];

/** From 2.73 `locked` is a real sort key. */
export const IGNORED_SORT_KEYS_V273 = IGNORED_SORT_KEYS.filter((key) => key !== 'locked');

export const SORT_KEYS: readonly string[] = [
  'access_ip_v4',
  'access_ip_v6',
  'auto_disk_config',
  'availability_zone',
  'config_drive',
  'created_at',
  'display_description',
  'display_name',
  'host',
  'hostname',
  'image_ref',
  'instance_type_id',
  'kernel_id',
  'key_name',
  'launch_index',
  'launched_at',
  'locked_by',
  'node',
  'power_state',
  'progress',
  'project_id',
  'ramdisk_id',
  'root_device_name',
  'task_state',
  'terminated_at',
  'updated_at',
  'user_id',
  'uuid',
  'vm_state',
];

/** Filters naming joined tables: in the schema so they reach the API's 400. */
export const JOINED_TABLE_PARAMS: readonly string[] = [
  'block_device_mapping',
  'services',
  'metadata',
  'system_metadata',
  'info_cache',
  'security_groups',
  'pci_devices',
];

// index_query, in Nova's property order (the first failing property is the one reported).
const BASE: readonly (readonly [string, ParamRule])[] = [
  ['user_id', 'any'],
  ['project_id', 'any'],
  ['tenant_id', 'any'],
  ['launch_index', 'any'],
  ['image_ref', 'any'],
  ['image', 'any'],
  ['kernel_id', 'regex'],
  ['ramdisk_id', 'regex'],
  ['hostname', 'regex'],
  ['key_name', 'regex'],
  ['power_state', 'regex'],
  ['vm_state', 'any'],
  ['task_state', 'any'],
  ['host', 'any'],
  ['node', 'regex'],
  ['flavor', 'regex'],
  ['reservation_id', 'regex'],
  ['launched_at', 'regex'],
  ['terminated_at', 'regex'],
  ['availability_zone', 'regex'],
  ['name', 'regex'],
  ['display_name', 'regex'],
  ['description', 'regex'],
  ['display_description', 'regex'],
  ['locked_by', 'regex'],
  ['uuid', 'any'],
  ['root_device_name', 'regex'],
  ['config_drive', 'regex'],
  ['access_ip_v4', 'regex'],
  ['access_ip_v6', 'regex'],
  ['auto_disk_config', 'regex'],
  ['progress', 'regex'],
  ['sort_key', 'sort-key'],
  ['sort_dir', 'any'],
  ['all_tenants', 'any'],
  ['soft_deleted', 'any'],
  ['deleted', 'any'],
  ['status', 'any'],
  ['changes-since', 'date-time'],
  ['ip', 'regex'],
  ['ip6', 'regex'],
  ['created_at', 'regex'],
  ...JOINED_TABLE_PARAMS.map((name) => [name, 'any'] as const),
  ['limit', 'limit'],
  ['marker', 'any'],
];
const V226 = [
  ...BASE,
  ['tags', 'regex'],
  ['tags-any', 'regex'],
  ['not-tags', 'regex'],
  ['not-tags-any', 'regex'],
] as const;
const V266 = [...V226, ['changes-before', 'date-time']] as const;
const V273 = [...V266, ['locked', 'any']] as const;

/** The sort_key enum of each schema, in the order its error message lists it. */
function sortKeyEnum(version: Microversion): readonly string[] {
  if (version.below('2.73')) return [...SORT_KEYS, ...IGNORED_SORT_KEYS];
  // Nova builds the later enums from Python sets, so their order is arbitrary; ours is sorted.
  if (version.below('2.75')) return ['locked', ...SORT_KEYS, ...IGNORED_SORT_KEYS_V273];
  return [...SORT_KEYS, 'locked'].sort();
}

function propertiesFor(version: Microversion): readonly (readonly [string, ParamRule])[] {
  if (version.below('2.26')) return BASE;
  if (version.below('2.66')) return V226;
  if (version.below('2.73')) return V266;
  return V273;
}

/**
 * Validates `GET /servers[/detail]` query parameters against Nova's schema for the
 * microversion (`query_params_v21` … `v275`), throwing the 400 Nova's validator gives.
 * From 2.75 a parameter outside the schema is rejected; before, it passes through.
 *
 * @example
 * validateListQuery(ctx.query, ctx.version);
 */
export function validateListQuery(query: Query, version: Microversion): void {
  const properties = propertiesFor(version);
  for (const [name, rule] of properties) {
    if (!query.has(name)) continue;
    for (const value of query.getAll(name)) {
      const why = check(rule, value, version);
      if (why !== undefined) {
        throw NovaError.badRequest(
          `Invalid input for query parameters ${name}. Value: ${value}. ${why}`,
        );
      }
    }
  }
  if (version.below('2.75')) return;
  const known = new Set(properties.map(([name]) => name));
  const extras = query
    .names()
    .filter((name) => !known.has(name) && !name.startsWith('_'))
    .sort();
  if (extras.length > 0) {
    const verb = extras.length === 1 ? 'does' : 'do';
    throw NovaError.badRequest(
      `${extras.map((name) => pythonRepr(name)).join(', ')} ${verb} not match any of the regexes: '^_'`,
    );
  }
}

function check(rule: ParamRule, value: string, version: Microversion): string | undefined {
  const repr = pythonRepr(value);
  switch (rule) {
    case 'any':
      return undefined;
    case 'regex':
      // Nova's format checker: the empty string is no regex, nor is what re.compile refuses.
      return value !== '' && compileRegex(value) !== undefined
        ? undefined
        : `${repr} is not a 'regex'`;
    case 'date-time':
      return parseIsoTime(value) === undefined ? `${repr} is not a 'date-time'` : undefined;
    case 'sort-key': {
      const allowed = sortKeyEnum(version);
      return allowed.includes(value) ? undefined : `${repr} is not one of ${pythonRepr(allowed)}`;
    }
    case 'limit':
      if (!/^[0-9]*$/.test(value)) return `${repr} does not match '^[0-9]*$'`;
      return value === '' ? `${repr} should be non-empty` : undefined;
  }
}
