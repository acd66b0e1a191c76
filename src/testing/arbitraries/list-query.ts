import fc from 'fast-check';
import { SAMPLE_FLAVOR_IDS, SAMPLE_IMAGES } from './catalog.js';

/** Statuses a filter asks for (UNKNOWN, DELETED and SOFT_DELETED are left to unit tests). */
const FILTER_STATUSES = [
  'ACTIVE',
  'BUILD',
  'ERROR',
  'SHUTOFF',
  'PAUSED',
  'SUSPENDED',
  'RESCUE',
  'VERIFY_RESIZE',
  'RESIZE',
  'REBOOT',
  'HARD_REBOOT',
  'REBUILD',
  'MIGRATING',
  'SHELVED',
  'SHELVED_OFFLOADED',
  'REVERT_RESIZE',
  'PASSWORD',
] as const;

/** Name patterns: substrings, anchors and a dot, no alternation (§6.3's regex dialects agree on these). */
const NAME_PATTERNS = ['web', 'db', '^web', 'b$', 'e.', '-', 'node\\.1', 'é', 'zzz'] as const;

/** Sort keys any caller may use (§6.5); `host` and `node` are admin-only. */
const SORT_KEYS = [
  'created_at',
  'display_name',
  'uuid',
  'updated_at',
  'vm_state',
  'task_state',
  'launched_at',
  'power_state',
  'hostname',
  'image_ref',
  'availability_zone',
  'key_name',
  'progress',
] as const;

/** One `GET /servers[/detail]` query, paged with `limit` and `marker`. */
export interface ListQuery {
  readonly detail: boolean;
  readonly status?: readonly string[];
  readonly name?: string;
  readonly flavor?: string;
  readonly image?: string;
  /** `changes-since` this many ms before now (deleted servers come back, §3.2). */
  readonly changesSinceAgoMs?: number;
  readonly sort: readonly (readonly [key: string, dir: 'asc' | 'desc' | undefined])[];
  readonly limit?: number;
  /** `all_tenants=1`: every project for an admin, a 403 for anyone else (§6.2). */
  readonly allTenants?: boolean;
}

/**
 * A list query with random filters, sort keys and page size.
 *
 * @example
 * fc.sample(listQuery(), 1); // [{ detail: true, name: '^web', sort: [['display_name', 'asc']], limit: 2 }]
 */
export function listQuery(): fc.Arbitrary<ListQuery> {
  return fc.record(
    {
      detail: fc.boolean(),
      status: fc.uniqueArray(fc.constantFrom(...FILTER_STATUSES), { minLength: 1, maxLength: 2 }),
      name: fc.constantFrom(...NAME_PATTERNS),
      flavor: fc.constantFrom(...SAMPLE_FLAVOR_IDS),
      image: fc.constantFrom(...SAMPLE_IMAGES.slice(0, 2)),
      changesSinceAgoMs: fc.constantFrom(0, 5_000, 60_000, 10 ** 9),
      sort: fc.array(
        fc.tuple(
          fc.constantFrom(...SORT_KEYS),
          fc.constantFrom<'asc' | 'desc' | undefined>('asc', 'desc', undefined),
        ),
        { maxLength: 2 },
      ),
      limit: fc.integer({ min: 0, max: 4 }),
      allTenants: fc.boolean(),
    },
    { requiredKeys: ['detail', 'sort'] },
  );
}

/**
 * The query string of a list query (without marker), `changes-since` as ISO 8601 from `now`.
 * Directions are given for all keys or none (§6.5: more directions than keys is a 400).
 */
export function listQueryString(
  query: ListQuery,
  now: number,
  extra: Record<string, string> = {},
): string {
  const params: [string, string][] = [];
  for (const status of query.status ?? []) params.push(['status', status]);
  if (query.name !== undefined) params.push(['name', query.name]);
  if (query.flavor !== undefined) params.push(['flavor', query.flavor]);
  if (query.image !== undefined) params.push(['image', query.image]);
  if (query.changesSinceAgoMs !== undefined) {
    const at = Math.max(0, now - query.changesSinceAgoMs);
    params.push(['changes-since', new Date(Math.floor(at / 1000) * 1000).toISOString()]);
  }
  const withDirs = query.sort.every(([, dir]) => dir !== undefined);
  for (const [key, dir] of query.sort) {
    params.push(['sort_key', key]);
    if (withDirs && dir !== undefined) params.push(['sort_dir', dir]);
  }
  if (query.limit !== undefined) params.push(['limit', String(query.limit)]);
  for (const [key, value] of Object.entries(extra)) params.push([key, value]);
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}
