/** The aggregate filters a cloud may enable (`[filter_scheduler] enabled_filters`). */
export type AggregateFilterName =
  | 'AggregateInstanceExtraSpecsFilter'
  | 'AggregateMultiTenancyIsolation'
  | 'AggregateImagePropertiesIsolation';

export const AGGREGATE_FILTERS: readonly AggregateFilterName[] = [
  'AggregateInstanceExtraSpecsFilter',
  'AggregateMultiTenancyIsolation',
  'AggregateImagePropertiesIsolation',
];

/** What the filters read of the request spec. */
export interface AggregateFilterRequest {
  readonly projectId: string;
  readonly extraSpecs: Readonly<Record<string, string>>;
  readonly imageProperties: Readonly<Record<string, string>>;
}

/** Host aggregate metadata as `utils.aggregate_metadata_get_by_host`: key → values (comma lists split). */
export type HostMetadata = ReadonlyMap<string, ReadonlySet<string>>;

export function hostMetadata(metadatas: readonly Readonly<Record<string, string>>[]): HostMetadata {
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

/** `extra_specs_ops.match` for the common operators: `<or>`, `<in>`, `s==`, `=` (≥), plain equality. */
function specMatches(value: string, requirement: string): boolean {
  const words = requirement.trim().split(/\s+/);
  const [op, ...rest] = words;
  if (op === '<or>') {
    const choices = requirement
      .trim()
      .slice(4)
      .split('<or>')
      .map((s) => s.trim());
    return choices.includes(value);
  }
  if (op === '<in>') return value.includes(rest.join(' '));
  if (op === 's==') return value === rest.join(' ');
  if (op === '=' && rest.length === 1) return Number(value) >= Number(rest[0]);
  return value === requirement;
}

function extraSpecsPass(metadata: HostMetadata, request: AggregateFilterRequest): boolean {
  for (const [fullKey, requirement] of Object.entries(request.extraSpecs)) {
    const scope = fullKey.split(':');
    if (scope.length > 1 && scope[0] !== 'aggregate_instance_extra_specs') continue;
    const key = scope.length > 1 ? fullKey.slice(scope[0]!.length + 1) : fullKey;
    const values = metadata.get(key);
    if (!values || values.size === 0) return false;
    if (![...values].some((value) => specMatches(value, requirement))) return false;
  }
  return true;
}

function tenancyPasses(metadata: HostMetadata, request: AggregateFilterRequest): boolean {
  const tenants = new Set<string>();
  for (const [key, values] of metadata) {
    if (key.startsWith('filter_tenant_id')) for (const v of values) tenants.add(v);
  }
  return tenants.size === 0 || tenants.has(request.projectId);
}

function imagePropertiesPass(metadata: HostMetadata, request: AggregateFilterRequest): boolean {
  for (const [key, options] of metadata) {
    const prop = request.imageProperties[key];
    if (prop && !options.has(String(prop))) return false;
  }
  return true;
}

const CHECKS: Readonly<
  Record<AggregateFilterName, (m: HostMetadata, r: AggregateFilterRequest) => boolean>
> = {
  AggregateInstanceExtraSpecsFilter: extraSpecsPass,
  AggregateMultiTenancyIsolation: tenancyPasses,
  AggregateImagePropertiesIsolation: imagePropertiesPass,
};

/**
 * Whether a host with this aggregate metadata passes every enabled aggregate filter.
 *
 * @example
 * aggregateFiltersPass(['AggregateMultiTenancyIsolation'], hostMetadata([{ filter_tenant_id: 'p1' }]), req);
 */
export function aggregateFiltersPass(
  enabled: readonly AggregateFilterName[],
  metadata: HostMetadata,
  request: AggregateFilterRequest,
): boolean {
  return enabled.every((name) => CHECKS[name](metadata, request));
}
