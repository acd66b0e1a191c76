import type { Auth } from '../service/contract.js';
import { canGet, isAdmin, memberOf } from './access.js';
import { badRequest } from './errors.js';
import type { ImageRecord } from './records.js';

const SORT_KEYS = [
  'name',
  'status',
  'container_format',
  'disk_format',
  'size',
  'id',
  'created_at',
  'updated_at',
] as const;
type SortKey = (typeof SORT_KEYS)[number];

/** Query names Glance reads itself; any other name filters on an extra property. */
const RESERVED = new Set([
  'limit',
  'marker',
  'sort',
  'sort_key',
  'sort_dir',
  'member_status',
  'tag',
]);
/** Base columns a filter compares, with Glance's `in:`/`eq:` operators on the first five. */
const COLUMNS: Readonly<Record<string, (image: ImageRecord) => unknown>> = {
  name: (i) => i.name,
  id: (i) => i.id,
  status: (i) => i.status,
  container_format: (i) => i.containerFormat,
  disk_format: (i) => i.diskFormat,
  visibility: (i) => i.visibility,
  owner: (i) => i.owner,
  checksum: (i) => i.checksum,
  os_hash_value: (i) => i.osHashValue,
  min_ram: (i) => i.minRam,
  min_disk: (i) => i.minDisk,
  size: (i) => i.size,
  virtual_size: (i) => i.virtualSize,
};
const OPERATOR_COLUMNS = new Set(['name', 'id', 'status', 'container_format', 'disk_format']);

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 1000;

export interface ListResult {
  readonly images: ImageRecord[];
  /** The id to continue after, when the page was full. */
  readonly nextMarker?: string;
}

/**
 * GET /v2/images: Glance's visibility rules (`_select_images_query`), filters, sorting and
 * paging (a `next` marker whenever a page is full).
 */
export function listImages(
  rows: readonly ImageRecord[],
  auth: Auth,
  query: URLSearchParams,
): ListResult {
  const { keys, dirs } = sorting(query);
  const memberStatus = query.get('member_status') ?? 'accepted';
  if (!['pending', 'accepted', 'rejected', 'all'].includes(memberStatus))
    throw badRequest(`Invalid status: ${memberStatus}`);
  const visibility = query.get('visibility');
  if (visibility && !['community', 'public', 'private', 'shared', 'all'].includes(visibility))
    throw badRequest(`Invalid visibility value: ${visibility}`);
  if (query.has('changes-since'))
    throw badRequest('The "changes-since" filter is no longer available on v2.');
  const osHidden = boolFilter(query, 'os_hidden') ?? false;
  const isProtected = boolFilter(query, 'protected');
  const limit = limitOf(query.get('limit'));
  const tags = query.getAll('tag').map((t) => t.trim());

  let images = rows.filter((image) => {
    if (image.status === 'deleted' || image.status === 'killed') return false;
    if (!listable(image, auth, visibility, memberStatus)) return false;
    if (image.osHidden !== osHidden) return false;
    if (isProtected !== undefined && image.protected !== isProtected) return false;
    if (!tags.every((tag) => image.tags.includes(tag))) return false;
    return matchesFilters(image, query);
  });
  images = sortImages(images, keys, dirs);
  const marker = query.get('marker');
  if (marker !== null) {
    const at = images.findIndex((image) => image.id === marker);
    const known = rows.some((image) => image.id === marker && canGet(image, auth));
    if (!known) throw badRequest(`No image found with ID ${marker}`);
    images = at < 0 ? [] : images.slice(at + 1);
  }
  const page = images.slice(0, limit);
  const last = page.at(-1);
  return page.length === limit && last ? { images: page, nextMarker: last.id } : { images: page };
}

/**
 * Which images a list shows before filters: admins all; others public, community, their own,
 * and shared ones whose membership has `member_status` (accepted unless asked).
 */
function listable(
  image: ImageRecord,
  auth: Auth,
  visibility: string | null,
  memberStatus: string,
): boolean {
  const own = image.owner === auth.projectId;
  const member = memberOf(image, auth);
  const shared = member !== undefined && (memberStatus === 'all' || member.status === memberStatus);
  if (
    !isAdmin(auth) &&
    !own &&
    !shared &&
    image.visibility !== 'public' &&
    image.visibility !== 'community'
  )
    return false;
  if (visibility !== null) return visibility === 'all' || image.visibility === visibility;
  // Community images are listed only when asked for, or to their owner.
  return own || image.visibility !== 'community';
}

function matchesFilters(image: ImageRecord, query: URLSearchParams): boolean {
  for (const [name, raw] of query) {
    if (RESERVED.has(name) || name === 'os_hidden' || name === 'protected') continue;
    if (name === 'visibility' && raw === 'all') continue;
    if (name.endsWith('_min') || name.endsWith('_max')) {
      const column = COLUMNS[name.slice(0, -4)];
      const bound = Number(raw);
      if (!Number.isInteger(bound))
        throw badRequest('Unable to filter on a range with a non-numeric value.');
      const value = column ? Number(column(image) ?? Number.NaN) : Number.NaN;
      if (!(name.endsWith('_min') ? value >= bound : value <= bound)) return false;
      continue;
    }
    const column = COLUMNS[name];
    const value = column ? column(image) : image.properties[name];
    if (value === undefined || value === null) return false;
    if (OPERATOR_COLUMNS.has(name) && raw.startsWith('in:')) {
      if (!raw.slice(3).split(',').includes(String(value))) return false;
    } else if (
      String(value) !== (OPERATOR_COLUMNS.has(name) && raw.startsWith('eq:') ? raw.slice(3) : raw)
    ) {
      return false;
    }
  }
  return true;
}

function boolFilter(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const value = raw.toLowerCase();
  if (value !== 'true' && value !== 'false')
    throw badRequest(
      `Invalid value '${value}' for '${name}' filter. Valid values are 'true' or 'false'.`,
    );
  return value === 'true';
}

function limitOf(raw: string | null): number {
  if (raw === null) return DEFAULT_LIMIT;
  if (!/^[+-]?\d+$/.test(raw.trim())) throw badRequest('limit param must be an integer');
  const limit = Number(raw);
  if (limit < 0) throw badRequest('limit param must be positive');
  return Math.min(limit, MAX_LIMIT);
}

function sortKey(key: string): SortKey {
  if (!(SORT_KEYS as readonly string[]).includes(key))
    throw badRequest(
      `Invalid sort key: ${key}. It must be one of the following: ${SORT_KEYS.join(', ')}.`,
    );
  return key as SortKey;
}

function sortDir(dir: string): 'asc' | 'desc' {
  if (dir !== 'asc' && dir !== 'desc') throw badRequest(`Invalid sort direction: ${dir}`);
  return dir;
}

/** Both of Glance's syntaxes: `sort=name:asc,size` and `sort_key=name&sort_dir=asc`. */
function sorting(query: URLSearchParams): { keys: SortKey[]; dirs: ('asc' | 'desc')[] } {
  const keys: SortKey[] = [];
  const dirs: ('asc' | 'desc')[] = [];
  const sort = query.get('sort');
  if (sort !== null) {
    if (query.has('sort_key') || query.has('sort_dir'))
      throw badRequest('Old and new sorting syntax cannot be combined');
    for (const part of sort.trim().split(',')) {
      const [key = '', dir = ''] = part.split(':');
      keys.push(sortKey(key.trim()));
      dirs.push(sortDir(dir.trim() === '' ? 'desc' : dir.trim()));
    }
  } else {
    for (const key of query.getAll('sort_key')) keys.push(sortKey(key.trim()));
    for (const dir of query.getAll('sort_dir')) dirs.push(sortDir(dir.trim()));
    if (dirs.length > 1 && dirs.length !== keys.length)
      throw badRequest('Number of sort dirs does not match the number of sort keys');
  }
  if (keys.length === 0) keys.push('created_at');
  const fallback = dirs.length === 1 ? dirs[0]! : 'desc';
  while (dirs.length < keys.length) dirs.push(fallback);
  // Glance always ends on created_at and id so that pages are stable.
  for (const key of ['created_at', 'id'] as const) {
    if (!keys.includes(key)) {
      keys.push(key);
      dirs.push(fallback);
    }
  }
  return { keys, dirs };
}

const SORT_VALUE: Readonly<Record<SortKey, (image: ImageRecord) => string | number | null>> = {
  name: (i) => i.name,
  status: (i) => i.status,
  container_format: (i) => i.containerFormat,
  disk_format: (i) => i.diskFormat,
  size: (i) => i.size,
  id: (i) => i.id,
  created_at: (i) => i.createdAt,
  updated_at: (i) => i.updatedAt,
};

/** Sorts by the keys, reading each row's sort values once (decorate, sort, undecorate). */
function sortImages(
  images: ImageRecord[],
  keys: SortKey[],
  dirs: ('asc' | 'desc')[],
): ImageRecord[] {
  const getters = keys.map((key) => SORT_VALUE[key]);
  const signs = dirs.map((dir) => (dir === 'asc' ? 1 : -1));
  const rows = images.map((image) => ({ image, values: getters.map((get) => get(image)) }));
  rows.sort((a, b) => {
    for (let i = 0; i < signs.length; i++) {
      const x = a.values[i]!;
      const y = b.values[i]!;
      if (x === y) continue;
      // SQL sorts NULL first in ascending order (MySQL), last in descending.
      const order = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return order * signs[i]!;
    }
    return 0;
  });
  return rows.map((row) => row.image);
}
