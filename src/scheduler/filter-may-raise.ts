import { extraSpecsMayRaise } from './extra-specs-ops.js';
import type { PreparedRequest } from './request.js';
import type { SelectionEnv } from './weigher.js';

/**
 * Can an enabled filter raise for this request? JsonFilter with a `query` hint,
 * ImagePropertiesFilter with an image that sets `hw_maxphysaddr_bits`, and the extra-spec
 * filters with a float() or `<or>` requirement.
 */
export function filterMayRaise(request: PreparedRequest, env: SelectionEnv): boolean {
  const enabled = env.enabledFilters;
  return (
    (request.query !== null && request.query !== '' && enabled.has('JsonFilter')) ||
    (Boolean(request.image?.maxPhysAddrBits) && enabled.has('ImagePropertiesFilter')) ||
    (request.hasExtraSpecs &&
      (enabled.has('ComputeCapabilitiesFilter') ||
        enabled.has('AggregateInstanceExtraSpecsFilter')) &&
      extraSpecsMayRaise(request.extraSpecs))
  );
}
