import { NovaError } from '../errors/nova-error.js';
import type { HostRecord } from './host.js';
import {
  PLACEMENT_CLASS_NAMES,
  RESOURCE_CLASSES,
  type ResourceClass,
  type Resources,
} from './resources.js';

/**
 * Placement's reason to refuse allocating `r` on `host` — more than `max_unit`
 * (the total), or more than the capacity left — or null when it fits. Classes
 * the request does not ask for (0) are not checked.
 */
export function allocationProblem(
  host: HostRecord,
  r: Resources,
  used: Resources = host.used,
): [ResourceClass, string] | null {
  for (const rc of RESOURCE_CLASSES) {
    const amount = r[rc];
    if (amount === 0) continue;
    if (amount > host.total[rc]) return [rc, 'violate inventory constraints'];
    if (used[rc] + amount > host.capacity[rc]) return [rc, 'exceed the capacity'];
  }
  return null;
}

/** Throws Placement's 409 when {@link allocationProblem} finds one. */
export function checkAllocation(
  host: HostRecord,
  consumerId: string,
  r: Resources,
  used: Resources = host.used,
): void {
  const problem = allocationProblem(host, r, used);
  if (problem === null) return;
  const [rc, what] = problem;
  throw NovaError.conflict(
    `Unable to allocate inventory for consumer ${consumerId}: Unable to create allocation ` +
      `for '${PLACEMENT_CLASS_NAMES[rc]}' on resource provider '${host.name}'. ` +
      `The requested amount would ${what}.`,
  );
}
