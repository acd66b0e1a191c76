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
 * The conductor's `_validate_image_traits_for_rebuild`, before it calls the scheduler: the
 * new image's `trait:X=required` properties may not be forbidden by the flavor, and the
 * providers of the instance's allocation (its host) must have them all. The NoValidHost
 * message it raises, or null.
 */
function imageTraitsRefusal(request: PreparedRequest, host: HostRecord): string | null {
  const image: string[] = [];
  for (const key in request.imageProperties) {
    if (key.startsWith('trait:') && request.imageProperties[key] === 'required') {
      image.push(key.slice(6));
    }
  }
  if (image.length === 0) return null;
  const forbidden = new Set<string>();
  for (const [key, value] of Object.entries(request.extraSpecs)) {
    const colon = key.indexOf(':');
    if (key.startsWith('trait') && colon >= 0 && value === 'forbidden') {
      forbidden.add(key.slice(colon + 1));
    }
  }
  if (image.some((trait) => forbidden.has(trait))) {
    return (
      'No valid host was found. Image traits are part of forbidden traits in flavor ' +
      'associated with the server. Either specify a different image during rebuild or ' +
      'create a new server with the specified image and a compatible flavor.'
    );
  }
  if (image.some((trait) => !host.traits.has(trait))) {
    return (
      'No valid host was found. Image traits cannot be satisfied by the current resource ' +
      'providers. Either specify a different image during rebuild or create a new server ' +
      'with the specified image.'
    );
  }
  return null;
}

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
  const refusal = imageTraitsRefusal(request, host);
  if (refusal !== null) return { ok: false, reason: 'refused', message: refusal };
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
