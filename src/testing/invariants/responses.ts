import type { ApiRequest, ApiResponse } from '../../api/request.js';
import { MAX_MICROVERSION } from '../model/versions.js';
import { faultName, REQUEST_ID } from '../reference/responses.js';

/**
 * What every response of the compute API carries, whoever asked (§7.1–§7.3): request ids,
 * the microversion headers, Nova's fault body for errors, and no 500 but the one Nova
 * gives on purpose (a synchronous RPC to a dead compute). Returns the problems found.
 *
 * @example
 * const problems = responseProblems(request, response);
 */
export function responseProblems(
  request: ApiRequest,
  response: ApiResponse,
  maxVersion = MAX_MICROVERSION,
): string[] {
  const problems: string[] = [];
  const where = `${request.method} ${request.path} → ${response.status}`;
  const path = String(request.path).split('?')[0]!.replace(/\/+$/, '');
  const versionDocument = path === '' || path === '/v2.1' || path === '/v2';
  if (versionDocument) return problems;
  const h = response.headers;
  const id = h['x-openstack-request-id'];
  if (id === undefined || !REQUEST_ID.test(id) || h['x-compute-request-id'] !== id) {
    problems.push(
      `${where}: request id headers ${String(id)} / ${String(h['x-compute-request-id'])} (§7.2: the same req-<uuid4> in both)`,
    );
  }
  const asked = Object.entries(request.headers ?? {}).find(
    ([k]) => k.toLowerCase() === 'openstack-api-version',
  )?.[1];
  const version = asked === undefined ? '2.1' : /^compute\s+(\S+)$/i.exec(asked)?.[1];
  const badHeader = response.status === 400 || response.status === 406;
  if (version !== undefined && !(badHeader && h['openstack-api-version'] === undefined)) {
    const want = /latest$/i.test(version) ? maxVersion : version;
    if (
      h['openstack-api-version'] !== `compute ${want}` ||
      h['x-openstack-nova-api-version'] !== want
    ) {
      problems.push(
        `${where}: version headers ${String(h['openstack-api-version'])} / ${String(h['x-openstack-nova-api-version'])}; §7.3 says compute ${want}`,
      );
    }
  }
  if (response.status >= 400) {
    const body = response.body as Record<string, { code?: unknown; message?: unknown }> | null;
    const keys = body === null || typeof body !== 'object' ? [] : Object.keys(body);
    const name = faultName(response.status);
    const inner = body?.[name];
    if (
      keys.length !== 1 ||
      !inner ||
      inner.code !== response.status ||
      typeof inner.message !== 'string'
    ) {
      problems.push(
        `${where}: body ${JSON.stringify(response.body)}; §7.1 says {"${name}": {"code": ${response.status}, "message": …}}`,
      );
    }
    if (response.status === 500 && !String(inner?.message).includes('MessagingTimeout')) {
      problems.push(
        `${where}: an unexpected error inside the simulator: ${String(inner?.message)}`,
      );
    }
  }
  return problems;
}
