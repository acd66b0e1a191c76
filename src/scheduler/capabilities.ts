import { matchExtraSpec } from './extra-specs-ops.js';
import type { HostRecord } from './host.js';
import {
  type HostStateValue,
  hostStateAttribute,
  isHostStateAttribute,
  pythonStr,
} from './host-state.js';
import type { SelectionContext } from './selection-context.js';

/**
 * ComputeCapabilitiesFilter (nova/scheduler/filters/compute_capabilities_filter.py):
 * flavor extra specs scoped `capabilities:` (or unscoped and naming a HostState
 * attribute or stat) must match the host's value, walked down dicts and JSON strings.
 */

function extraOf(host: HostRecord, ctx: SelectionContext) {
  const picks = ctx.picks.get(host) ?? 0;
  const used = ctx.consumed.get(host);
  return {
    instances: picks,
    ioOps: picks,
    vcpus: used?.vcpus ?? 0,
    memoryMb: used?.memoryMb ?? 0,
    diskGb: used?.diskGb ?? 0,
  };
}

/** `_get_capabilities`: the value at `path`, or null where Nova gets None. */
function capability(host: HostRecord, ctx: SelectionContext, path: readonly string[]) {
  const [first, ...rest] = path;
  if (first === undefined) return null;
  const extra = extraOf(host, ctx);
  let cap: HostStateValue | undefined = hostStateAttribute(host, first, extra);
  let name = first;
  if (cap === undefined) {
    const stats = hostStateAttribute(host, 'stats', extra) as Record<string, HostStateValue>;
    cap = Object.hasOwn(stats, first) ? stats[first] : undefined;
  }
  for (const key of rest) {
    if (cap === undefined) return null;
    if (typeof cap === 'string') {
      try {
        cap = JSON.parse(cap) as HostStateValue;
      } catch {
        return null;
      }
    }
    // An int or a list has no attribute of that name, nor a `stats`: Nova gets None.
    if (cap === null || typeof cap !== 'object' || Array.isArray(cap)) return null;
    cap = Object.hasOwn(cap, key) ? (cap as Record<string, HostStateValue>)[key] : undefined;
    name = key;
  }
  return cap === undefined || cap === null ? null : pythonStr(name, cap);
}

/** One extra spec the filter checks: the HostState path and the requirement. */
interface Requirement {
  readonly path: readonly string[];
  readonly requirement: string;
}

/** The stats keys the simulator's hosts report (unscoped extra specs may name them). */
const STATS_KEYS: ReadonlySet<string> = new Set(['num_instances', 'io_workload', 'failed_builds']);

/** The requirements of each request's extra specs, worked out once per request. */
const REQUIREMENTS = new WeakMap<object, readonly Requirement[]>();

function requirementsOf(extraSpecs: Readonly<Record<string, string>>): readonly Requirement[] {
  let found = REQUIREMENTS.get(extraSpecs);
  if (found !== undefined) return found;
  const specs: Record<string, string> = { ...extraSpecs };
  // Master turns `hw:maxphysaddr_bits` into a capabilities check (Zed does not).
  const bits = specs['hw:maxphysaddr_bits'];
  if (bits !== undefined) {
    delete specs['hw:maxphysaddr_bits'];
    specs['capabilities:cpu_info:maxphysaddr:bits'] = `>= ${bits}`;
  }
  const out: Requirement[] = [];
  for (const [key, requirement] of Object.entries(specs)) {
    const path = key.split(':');
    if (path.length === 1) {
      // Unscoped: checked only if the host has such an attribute or stat.
      if (isHostStateAttribute(key) || STATS_KEYS.has(key)) out.push({ path, requirement });
    } else if (path[0] === 'capabilities') {
      out.push({ path: path.slice(1), requirement });
    }
  }
  REQUIREMENTS.set(extraSpecs, (found = out));
  return found;
}

/** Does the host satisfy the flavor's capability extra specs? */
export function capabilitiesPass(host: HostRecord, ctx: SelectionContext): boolean {
  if (!ctx.request.hasExtraSpecs) return true;
  for (const { path, requirement } of requirementsOf(ctx.request.extraSpecs)) {
    const cap = capability(host, ctx, path);
    if (cap === null || !matchExtraSpec(cap, requirement)) return false;
  }
  return true;
}
