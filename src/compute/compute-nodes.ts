import type { Scheduler } from '../scheduler/index.js';

/**
 * The compute node's name (`hypervisor_hostname`) of a host: one node per host, named as
 * the host, except that the fake driver names it `fake-mini` when the host is literally
 * `compute` (the differential harness's host).
 *
 * @example
 * nodeNameOf('compute'); // 'fake-mini'
 * nodeNameOf('east-1'); // 'east-1'
 */
export function nodeNameOf(host: string): string {
  return host === 'compute' ? 'fake-mini' : host;
}

/** Where a build's forced host or node goes, or why it cannot: see {@link forcedBuildTarget}. */
export interface ForcedTarget {
  /** The host to force (the one named, when none matches). */
  readonly host: string;
  /** NoValidHost's message when no compute node matches. */
  readonly missing?: string;
}

/**
 * The compute node a build's `az:host:node` names (scheduler/utils.py
 * `resources_from_request_spec`): looked up by host, node or both, and NoValidHost with the
 * names asked for when none matches. Undefined when nothing is forced.
 *
 * @example
 * forcedBuildTarget(scheduler, 'nope', undefined)?.missing; // 'No valid host was found. No such host - host: nope node: None '
 */
export function forcedBuildTarget(
  scheduler: Scheduler,
  host: string | null,
  node: string | undefined,
): ForcedTarget | undefined {
  if (host === null && node === undefined) return undefined;
  let found: string | undefined;
  if (host === null) found = scheduler.hosts().find((h) => nodeNameOf(h.name) === node)?.name;
  else if (scheduler.getHost(host) && (node === undefined || nodeNameOf(host) === node)) {
    found = host;
  }
  if (found !== undefined) return { host: found };
  return {
    host: host ?? node!,
    missing: `No valid host was found. No such host - host: ${host ?? 'None'} node: ${node ?? 'None'} `,
  };
}
