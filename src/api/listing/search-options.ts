import { filterForStatuses } from '../../compute/status-map.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext } from '../context.js';
import type { Microversion } from '../microversion.js';
import { authorize, permitted } from '../policy.js';
import { toPlan } from './db-filters.js';
import { parseIsoTime } from './iso-time.js';
import type { Options, ParsedListRequest } from './plan.js';
import { IGNORED_SORT_KEYS, IGNORED_SORT_KEYS_V273, JOINED_TABLE_PARAMS } from './query-schema.js';

const TRUE_STRINGS = ['1', 't', 'true', 'on', 'y', 'yes'];
const FALSE_STRINGS = ['0', 'f', 'false', 'off', 'n', 'no'];
const PAGING_SORTING_PARAMS = ['sort_key', 'sort_dir', 'limit', 'marker'];
const TAG_FILTERS = ['tags', 'tags-any', 'not-tags', 'not-tags-any'] as const;

/**
 * Filters a non-admin may use at a microversion (`_get_server_search_options`); the rest
 * are dropped silently.
 *
 * @example
 * nonAdminFilters(Microversion.of('2.83')).has('user_id'); // true
 */
export function nonAdminFilters(version: Microversion): Set<string> {
  const names = [
    'reservation_id',
    'name',
    'status',
    'image',
    'flavor',
    'ip',
    'changes-since',
    'all_tenants',
  ];
  if (version.atLeast('2.5')) names.push('ip6');
  if (version.atLeast('2.26')) names.push(...TAG_FILTERS);
  if (version.atLeast('2.66')) names.push('changes-before');
  if (version.atLeast('2.73')) names.push('locked');
  if (version.atLeast('2.83')) {
    names.push(
      'availability_zone',
      'config_drive',
      'key_name',
      'created_at',
      'launched_at',
      'terminated_at',
      'power_state',
      'task_state',
      'vm_state',
      'progress',
      'user_id',
    );
  }
  if (version.atLeast('2.90')) names.push('hostname');
  return new Set(names);
}

/** oslo's strict `bool_from_string`: Nova's 400 on anything else. */
function strictBool(value: string): boolean {
  const lowered = value.trim().toLowerCase();
  if (TRUE_STRINGS.includes(lowered)) return true;
  if (FALSE_STRINGS.includes(lowered)) return false;
  const acceptable = [...TRUE_STRINGS, ...FALSE_STRINGS]
    .sort()
    .map((s) => `'${s}'`)
    .join(', ');
  throw NovaError.badRequest(
    `Invalid input received: Unrecognized value '${value}', acceptable values are: ${acceptable}`,
  );
}

/**
 * Turns `GET /servers[/detail]` into a plan, in the order of Nova's `_get_servers`:
 * whitelist, joined-table names, status, change times, deleted, tags, all_tenants,
 * locked, tenancy, paging and sorting, then the flavor lookup of `compute.API.get_all`.
 * Throws the 400s and 403s Nova gives on the way.
 *
 * @example
 * const plan = parseListRequest(ctx, true);
 * const servers = plan === 'empty' ? [] : runListPlan(ctx.cloud, plan);
 */
export function parseListRequest(ctx: ApiContext, detail: boolean): ParsedListRequest {
  const { query, version, isAdmin } = ctx;
  const opts = searchOptions(ctx);
  const statusVmStates = applyStatus(ctx, opts);
  if (statusVmStates === 'empty') return 'empty';

  const changesSince = changeTime(opts, 'changes-since');
  const changesBefore = changeTime(opts, 'changes-before');
  if (changesSince !== undefined && changesBefore !== undefined && changesBefore < changesSince) {
    throw NovaError.badRequest(
      'The value of changes-since must be less than or equal to changes-before.',
    );
  }
  const deleted = deletedOption(opts, statusVmStates, isAdmin);

  const tags: Record<string, string[]> = {};
  if (version.atLeast('2.26')) {
    for (const name of TAG_FILTERS) {
      const value = opts.get(name);
      if (typeof value === 'string') tags[name] = value.split(',');
    }
  }

  const allTenantsOpt = opts.get('all_tenants');
  const allTenants =
    typeof allTenantsOpt === 'string' && allTenantsOpt !== ''
      ? strictBool(allTenantsOpt)
      : opts.has('all_tenants');
  opts.delete('all_tenants');
  const lockedOpt = opts.get('locked');
  if (typeof lockedOpt === 'string') opts.set('locked', strictBool(lockedOpt));
  if (allTenants) {
    authorize(
      ctx,
      detail
        ? 'os_compute_api:servers:detail:get_all_tenants'
        : 'os_compute_api:servers:index:get_all_tenants',
    );
  } else {
    // Without all_tenants, tenant_id is ignored and the caller's own project applies.
    opts.delete('tenant_id');
    opts.set('project_id', ctx.auth.projectId);
  }

  const maxLimit = ctx.cloud.config.maxLimit;
  const limitText = query.get('limit');
  const { keys, dirs } = sortParams(ctx);
  return toPlan(ctx, opts, {
    deleted,
    changesSince,
    changesBefore,
    tags,
    sortKeys: keys,
    sortDirs: dirs,
    limit: limitText === undefined ? maxLimit : Math.min(maxLimit, Number(limitText)),
    marker: query.get('marker') || undefined,
  });
}

/**
 * The request's parameters as search options (the last value of each), less what the
 * caller may not filter on (`remove_invalid_options`); joined-table and `_` names are 400.
 */
function searchOptions(ctx: ApiContext): Options {
  const { query } = ctx;
  const opts: Options = new Map(query.names().map((name) => [name, query.get(name) ?? '']));
  if (permitted(ctx, 'os_compute_api:servers:allow_all_filters')) {
    for (const name of PAGING_SORTING_PARAMS) opts.delete(name);
  } else {
    const allowed = nonAdminFilters(ctx.version);
    for (const name of [...opts.keys()]) if (!allowed.has(name)) opts.delete(name);
  }
  for (const name of opts.keys()) {
    if (JOINED_TABLE_PARAMS.includes(name) || name.startsWith('_')) {
      throw NovaError.badRequest(`Invalid filter field: ${name}.`);
    }
  }
  return opts;
}

/**
 * `status` becomes vm_state (and task_state unless a row default matched); returns the
 * vm_states, or 'empty' for an unknown status before 2.38.
 */
function applyStatus(ctx: ApiContext, opts: Options): readonly string[] | undefined | 'empty' {
  opts.delete('status');
  if (!ctx.query.has('status')) return undefined;
  const states = filterForStatuses(ctx.query.getAll('status').map((s) => s.trim()));
  if (states === undefined) {
    if (ctx.version.atLeast('2.38')) throw NovaError.badRequest('Invalid status value');
    return 'empty';
  }
  const vmStates = [...states.vmStates].sort();
  opts.set('vm_state', vmStates);
  if (states.taskStates !== undefined) opts.set('task_state', [...states.taskStates].sort());
  return vmStates;
}

/**
 * The `deleted` option: false by default, absent when a change time asks for deleted
 * servers too, true for an admin's status=DELETED (a member's is 403).
 */
function deletedOption(
  opts: Options,
  statusVmStates: readonly string[] | undefined,
  isAdmin: boolean,
): boolean | undefined {
  let deleted: boolean | undefined;
  const value = opts.get('deleted');
  if (value === undefined) {
    if (!opts.has('changes-since') && !opts.has('changes-before')) deleted = false;
  } else {
    deleted = TRUE_STRINGS.includes(String(value).trim().toLowerCase());
  }
  if (statusVmStates?.length === 1 && statusVmStates[0] === 'deleted') {
    if (!isAdmin) throw NovaError.forbidden('Only administrators may list deleted instances');
    deleted = true;
  }
  return deleted;
}

function changeTime(opts: Options, name: 'changes-since' | 'changes-before'): number | undefined {
  const value = opts.get(name);
  if (value === undefined) return undefined;
  const time = typeof value === 'string' ? parseIsoTime(value) : undefined;
  // The schema catches a bad value first where it knows the name; this is Nova's fallback.
  if (time === undefined) throw NovaError.badRequest(`Invalid filter field: ${name}.`);
  return time;
}

/** `get_sort_params` and `remove_invalid_sort_keys`: legacy keys out, host/node admin only. */
function sortParams(ctx: ApiContext): { keys: string[]; dirs: string[] } {
  const keys = ctx.query.getAll('sort_key').map((key) => key.trim());
  const dirs = ctx.query.getAll('sort_dir').map((dir) => dir.trim());
  if (keys.length === 0) keys.push('created_at');
  if (dirs.length === 0) dirs.push('desc');
  const ignored = ctx.version.atLeast('2.73') ? IGNORED_SORT_KEYS_V273 : IGNORED_SORT_KEYS;
  for (const key of [...keys]) {
    if (ignored.includes(key)) {
      const at = keys.indexOf(key);
      if (dirs.length > at) dirs.splice(at, 1);
      keys.splice(at, 1);
    } else if ((key === 'host' || key === 'node') && !ctx.isAdmin) {
      throw NovaError.forbidden(`Only administrators can sort servers by ${key}`);
    }
  }
  return { keys, dirs };
}
