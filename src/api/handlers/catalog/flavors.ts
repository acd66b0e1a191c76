import type { Flavor } from '../../../compute/server.js';
import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, Route } from '../../context.js';
import { findFlavor, flavorBasic, flavorDetail } from './flavor-view.js';
import {
  checkQuery,
  limitAndMarker,
  MULTI_STRING,
  PAGINATION,
  parseBool,
  parseInteger,
  type QuerySchema,
} from './query-params.js';
import { pagedList } from './view-helpers.js';

/** `schemas/flavors.py` VALID_SORT_KEYS. */
const SORT_KEYS = [
  'created_at',
  'description',
  'disabled',
  'ephemeral_gb',
  'flavorid',
  'id',
  'is_public',
  'memory_mb',
  'name',
  'root_gb',
  'rxtx_factor',
  'swap',
  'updated_at',
  'vcpu_weight',
  'vcpus',
] as const;
type SortKey = (typeof SORT_KEYS)[number];

const LIST_QUERY: QuerySchema = {
  ...PAGINATION,
  is_public: MULTI_STRING,
  minRam: MULTI_STRING,
  minDisk: MULTI_STRING,
  sort_key: { kind: { type: 'enum', values: SORT_KEYS } },
  sort_dir: { kind: { type: 'enum', values: ['asc', 'desc'] } },
};

type Sortable = string | number | boolean | null;

function sortValue(flavor: Flavor, key: SortKey, dbId: number): Sortable {
  switch (key) {
    case 'flavorid':
      return flavor.id;
    case 'name':
      return flavor.name;
    case 'memory_mb':
      return flavor.ram;
    case 'root_gb':
      return flavor.disk;
    case 'ephemeral_gb':
      return flavor.ephemeral;
    case 'swap':
      return flavor.swap;
    case 'vcpus':
      return flavor.vcpus;
    case 'rxtx_factor':
      return flavor.rxtxFactor;
    case 'is_public':
      return flavor.isPublic;
    case 'disabled':
      return flavor.disabled;
    case 'description':
      return flavor.description;
    case 'vcpu_weight':
      return null;
    // The catalog keeps creation order: it stands for the DB id and the timestamps.
    case 'id':
    case 'created_at':
    case 'updated_at':
      return dbId;
  }
}

function compareValues(a: Sortable, b: Sortable): number {
  if (a === b) return 0;
  // SQL sorts NULL first in ascending order.
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/**
 * `FlavorsController._get_flavors`: visibility (admins choose with `is_public`), minRam and
 * minDisk, then sorted by `sort_key` with the DB id as tie-breaker and paged after the marker.
 */
function listFlavors(ctx: ApiContext): Flavor[] {
  const nameFilter = ctx.version.atLeast('2.102');
  checkQuery(
    ctx,
    nameFilter ? { ...LIST_QUERY, name: MULTI_STRING } : LIST_QUERY,
    ctx.version.atLeast('2.75'),
  );
  const sortKey = (ctx.query.get('sort_key') || 'flavorid') as SortKey;
  const direction = (ctx.query.get('sort_dir') || 'asc') === 'desc' ? -1 : 1;
  const { limit, marker } = limitAndMarker(ctx);

  let isPublic: boolean | null = true;
  if (ctx.isAdmin) {
    const given = ctx.query.get('is_public');
    if (given === undefined) isPublic = true;
    else if (given.toLowerCase() === 'none') isPublic = null;
    else {
      const parsed = parseBool(given);
      if (parsed === undefined) throw NovaError.badRequest(`Invalid is_public filter [${given}]`);
      isPublic = parsed;
    }
  }
  const minRam = minFilter(ctx, 'minRam');
  const minDisk = minFilter(ctx, 'minDisk');
  const name = nameFilter ? ctx.query.get('name') : undefined;

  const all = [...ctx.cloud.catalog.flavors.values()];
  const dbId = new Map(all.map((flavor, i) => [flavor.id, i + 1]));
  const order = (a: Flavor, b: Flavor) =>
    direction *
      compareValues(
        sortValue(a, sortKey, dbId.get(a.id)!),
        sortValue(b, sortKey, dbId.get(b.id)!),
      ) || direction * (dbId.get(a.id)! - dbId.get(b.id)!);

  let flavors = all.filter(
    (f) =>
      // `is_public=True` also matches the private flavors the caller's project may use.
      (isPublic === null ||
        f.isPublic === isPublic ||
        (isPublic && ctx.cloud.catalog.hasFlavorAccess(f.id, ctx.auth.projectId))) &&
      (ctx.isAdmin || !f.disabled) &&
      (minRam === undefined || f.ram >= minRam) &&
      (minDisk === undefined || f.disk >= minDisk) &&
      (name === undefined || matches(f.name, name)),
  );
  flavors.sort(order);
  if (marker !== undefined) {
    const markerFlavor = all.find(
      (f) => f.id === marker && ctx.cloud.catalog.flavorVisible(f, ctx.auth.projectId, ctx.isAdmin),
    );
    if (!markerFlavor) throw NovaError.badRequest(`marker [${marker}] not found`);
    flavors = flavors.filter((f) => order(f, markerFlavor) > 0);
  }
  return flavors.slice(0, limit);
}

function minFilter(ctx: ApiContext, name: 'minRam' | 'minDisk'): number | undefined {
  const given = ctx.query.get(name);
  if (given === undefined) return undefined;
  const value = parseInteger(given);
  if (value === undefined) throw NovaError.badRequest(`Invalid ${name} filter [${given}]`);
  return value;
}

/** The `name` filter is a regular expression searched anywhere in the name (like MySQL REGEXP). */
function matches(text: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return text.includes(pattern);
  }
}

/** GET /flavors, /flavors/detail and /flavors/{id}. */
export const flavorRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/flavors',
    handler: (ctx) => pagedList(ctx, 'flavors', listFlavors(ctx), flavorBasic, 'flavors'),
  },
  {
    method: 'GET',
    path: '/flavors/detail',
    handler: (ctx) => pagedList(ctx, 'flavors', listFlavors(ctx), flavorDetail, 'flavors/detail'),
  },
  {
    method: 'GET',
    path: '/flavors/{flavor_id}',
    handler: (ctx) => ({
      status: 200,
      body: { flavor: flavorDetail(ctx, findFlavor(ctx, ctx.params.flavor_id!)) },
    }),
  },
];
