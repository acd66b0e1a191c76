import type { SelectionRequest, SelectionResult } from '../scheduler/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { flavorResources, isVolumeBacked, type Server } from './server.js';

export const NO_VALID_HOST = 'No valid host was found. ';
export const NOT_ENOUGH_HOSTS = 'No valid host was found. There are not enough hosts available.';

/**
 * The scheduler request a server's request spec makes: its flavor's resources, zone,
 * hints, group and the filters' inputs; each caller then adjusts it for its own call.
 *
 * @example
 * const request = baseRequest(deps, server);
 * request.ignoreHosts = [server.host];
 */
export function baseRequest(deps: ConductorDeps, server: Server): SelectionRequest {
  const { servers } = deps.records;
  const hostsOf = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const host = servers.get(id)?.host;
      return host ? [host] : [];
    });
  // Optional keys set one by one: a spread of a literal per key was three objects a build.
  const request: SelectionRequest = {
    resources: flavorResources(server.flavor, isVolumeBacked(server)),
    count: 1,
  };
  // Before the inputs: they map the zone to what Placement is asked (none, or the zone).
  if (server.requestedAz) request.availabilityZone = server.requestedAz;
  deps.requestInputs?.(server, request);
  if (server.requestedHost) request.requestedHost = server.requestedHost;
  const hostFilter = deps.hostFilter?.(server);
  if (hostFilter) request.hostFilter = hostFilter;
  const hints = server.schedulerHints;
  // The scheduler reads them only while SameHostFilter / DifferentHostFilter are enabled;
  // an empty list is no hint (Nova tests the hint's truth).
  if (hints.same_host?.length) request.sameHost = hostsOf(hints.same_host);
  if (hints.different_host?.length) request.differentHost = hostsOf(hints.different_host);
  const group = server.serverGroupId ? deps.groupOf?.(server.serverGroupId) : undefined;
  if (group) {
    request.group = {
      policy: group.policy,
      memberHosts: group.members.flatMap((id) => {
        const member = servers.get(id);
        return member && member.id !== server.id && member.host && !member.deleted
          ? [member.host]
          : [];
      }),
      ...(group.maxServerPerHost ? { maxServerPerHost: group.maxServerPerHost } : {}),
    };
  }
  return request;
}

/** The fault message of a failed scheduler call: NoValidHost's, or the raised class name. */
export function failureMessage(result: SelectionResult): string {
  if (result.ok) return NO_VALID_HOST;
  if (result.reason === 'filter-error') return result.error;
  if (result.reason === 'refused') return result.message;
  return result.reason === 'not-enough-hosts' ? NOT_ENOUGH_HOSTS : NO_VALID_HOST;
}
