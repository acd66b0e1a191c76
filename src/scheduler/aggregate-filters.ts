import { matchExtraSpec } from './extra-specs-ops.js';

/**
 * The aggregate filters of `config.aggregateFilters` (deprecated: name them in
 * `enabledFilters`, which this list is added to).
 */
export type AggregateFilterName =
  | 'AggregateInstanceExtraSpecsFilter'
  | 'AggregateMultiTenancyIsolation'
  | 'AggregateImagePropertiesIsolation';

export const AGGREGATE_FILTERS: readonly AggregateFilterName[] = [
  'AggregateInstanceExtraSpecsFilter',
  'AggregateMultiTenancyIsolation',
  'AggregateImagePropertiesIsolation',
];

/** One aggregate's metadata, as `host_state.aggregates[i].metadata`. */
export type AggregateMetadata = Readonly<Record<string, string>>;

/** Host aggregate metadata as `utils.aggregate_metadata_get_by_host`: key → values (comma lists split). */
export type HostMetadata = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * `aggregate_metadata_get_by_host`: every key of every aggregate of the host, with the
 * comma-separated values of all of them, stripped.
 */
export function hostMetadata(metadatas: readonly AggregateMetadata[]): HostMetadata {
  const out = new Map<string, Set<string>>();
  for (const metadata of metadatas) {
    for (const [key, value] of Object.entries(metadata)) {
      let values = out.get(key);
      if (!values) out.set(key, (values = new Set()));
      for (const part of value.split(',')) values.add(part.trim());
    }
  }
  return out;
}

/** `aggregate_values_from_key`: the raw (unsplit) values of `key` over the host's aggregates. */
export function aggregateValues(
  metadatas: readonly AggregateMetadata[],
  key: string,
): ReadonlySet<string> {
  const out = new Set<string>();
  for (const metadata of metadatas) if (Object.hasOwn(metadata, key)) out.add(metadata[key]!);
  return out;
}

const EXTRA_SPECS_SCOPE = 'aggregate_instance_extra_specs';

/**
 * AggregateInstanceExtraSpecsFilter: each unscoped or `aggregate_instance_extra_specs:`
 * extra spec must match one of the host's aggregate values for that key.
 */
export function extraSpecsPass(
  metadata: HostMetadata,
  extraSpecs: Readonly<Record<string, string>>,
): boolean {
  for (const [fullKey, requirement] of Object.entries(extraSpecs)) {
    const colon = fullKey.indexOf(':');
    if (colon >= 0 && fullKey.slice(0, colon) !== EXTRA_SPECS_SCOPE) continue;
    const key = colon >= 0 ? fullKey.slice(colon + 1) : fullKey;
    const values = metadata.get(key);
    if (!values || values.size === 0) return false;
    let matched = false;
    for (const value of values) {
      if (matchExtraSpec(value, requirement)) {
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

/** AggregateMultiTenancyIsolation: `filter_tenant_id*` keys, if any, must name the project. */
export function tenancyPasses(metadata: HostMetadata, projectId: string | null): boolean {
  const tenants = new Set<string>();
  for (const [key, values] of metadata) {
    if (key.startsWith('filter_tenant_id')) for (const v of values) tenants.add(v);
  }
  return tenants.size === 0 || (projectId !== null && tenants.has(projectId));
}

/**
 * AggregateImagePropertiesIsolation: an image property named like an aggregate key must
 * be one of its values; with `[filter_scheduler] aggregate_image_properties_isolation_namespace`
 * set, only keys starting with `namespace + separator` count.
 */
export function imagePropertiesPass(
  metadata: HostMetadata,
  imageProperties: Readonly<Record<string, string>>,
  namespace: string | null,
  separator: string,
): boolean {
  const prefix = namespace ? namespace + separator : null;
  for (const [key, options] of metadata) {
    if (prefix !== null && !key.startsWith(prefix)) continue;
    const prop = Object.hasOwn(imageProperties, key) ? imageProperties[key] : undefined;
    if (prop && !options.has(String(prop))) return false;
  }
  return true;
}
