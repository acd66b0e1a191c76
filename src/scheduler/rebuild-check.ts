import { isFilterCrash } from './filter-crash.js';
import type { FilterName } from './filter-settings.js';
import { createSelectionContext } from './filters.js';
import type { HostRecord } from './host.js';
import { compileFilters } from './host-filters.js';
import type { PreparedRequest, SelectionResult } from './request.js';
import type { SelectionEnv } from './weigher.js';

/**
 * The filters whose `RUN_ON_REBUILD` is True in Nova master: the ones that judge the image,
 * not the host's load. The others pass every host of a rebuild check.
 */
export const RUN_ON_REBUILD: ReadonlySet<FilterName> = new Set<FilterName>([
  'AggregateImagePropertiesIsolation',
  'ImagePropertiesFilter',
  'IsolatedHostsFilter',
]);

/**
 * The scheduler call of a rebuild onto a new image (`_nova_check_type: ['rebuild']`, the
 * instance's host forced): no Placement query and no claim, only the enabled filters that
 * run on rebuild, on that one host. A host they refuse gives NoValidHost's "not enough
 * hosts" (`_legacy_find_hosts` finds none); a filter that raises fails the call.
 *
 * @example
 * checkRebuildHost(host, prepareRequest({ resources, count: 1, imageProperties }), now, env);
 */
export function checkRebuildHost(
  host: HostRecord | undefined,
  request: PreparedRequest,
  now: number,
  env: SelectionEnv,
): SelectionResult {
  if (host === undefined) return { ok: false, reason: 'not-enough-hosts' };
  const enabled = env.filterSettings.enabledFilters.filter((name) => RUN_ON_REBUILD.has(name));
  const filters = compileFilters(enabled);
  const ctx = createSelectionContext(request, now, { ...env, filters });
  try {
    for (const passes of filters) {
      if (!passes(host, ctx)) return { ok: false, reason: 'not-enough-hosts' };
    }
  } catch (error) {
    if (isFilterCrash(error))
      return { ok: false, reason: 'filter-error', error: error.pythonClass };
    throw error;
  }
  return { ok: true, picks: [[host.name]] };
}
