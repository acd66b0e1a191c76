import type { ApiRequest, ApiResponse } from '../../api/request.js';

/**
 * What every response of a neighbour service carries (Neutron, Cinder): no 5xx (nothing
 * the harness sends is a server error there), and errors in the service's own body:
 * Neutron's `{"NeutronError": {"type", "message", "detail"}}`, Cinder's
 * `{"<fault>": {"code", "message"}}` with the response's code. Returns the problems found.
 *
 * @example
 * serviceResponseProblems({ service: 'network', method: 'GET', path: '/v2.0/ports' }, res);
 */
export function serviceResponseProblems(request: ApiRequest, response: ApiResponse): string[] {
  const where = `${request.service} ${request.method} ${request.path} → ${response.status}`;
  const problems: string[] = [];
  if (response.status >= 500) {
    problems.push(
      `${where}: a server error inside the simulated service: ${JSON.stringify(response.body)}`,
    );
  }
  if (response.status < 400) return problems;
  const body = response.body as Record<string, Record<string, unknown>> | null;
  const keys = body === null || typeof body !== 'object' ? [] : Object.keys(body);
  const inner = keys.length === 1 ? body?.[keys[0]!] : undefined;
  const ok =
    request.service === 'network'
      ? keys[0] === 'NeutronError' &&
        typeof inner?.type === 'string' &&
        typeof inner.message === 'string' &&
        'detail' in inner
      : request.service === 'volume'
        ? inner?.code === response.status && typeof inner.message === 'string'
        : true;
  if (!ok)
    problems.push(
      `${where}: body ${JSON.stringify(response.body)} is not the service's error body`,
    );
  return problems;
}
