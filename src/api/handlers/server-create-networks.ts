import { NovaError } from '../../errors/nova-error.js';

type Json = Record<string, unknown>;

/**
 * servers.py `_get_requested_networks`: the controller's own parse of a create's
 * `networks` list, before the flavor lookup and before any Neutron call. A port named
 * twice, or a port with a fixed IP, is a 400 here.
 *
 * @example
 * parseRequestedNetworks([{ port: p }, { port: p }]); // throws 400 "Port ID '…' was specified twice…"
 */
export function parseRequestedNetworks(networks: unknown): void {
  if (!Array.isArray(networks)) return;
  const ports = new Set<string>();
  for (const item of networks as Json[]) {
    const port = item.port;
    if (typeof port !== 'string' || port === '') continue;
    if (ports.has(port)) {
      throw NovaError.badRequest(
        `Port ID '${port}' was specified twice: you cannot attach a port multiple times.`,
      );
    }
    const fixedIp = item.fixed_ip;
    if (fixedIp !== undefined && fixedIp !== null) {
      throw NovaError.badRequest(
        `Specified Fixed IP '${String(fixedIp)}' cannot be used with port '${port}': the two cannot be specified together.`,
      );
    }
    ports.add(port);
  }
}

/**
 * compute.API.create's first checks of a multi-instance request: no fixed IP on a
 * network (all of them first), then no port.
 *
 * @example
 * checkMultipleInstances([{ uuid: net, fixed_ip: '10.0.0.5' }], 2); // throws 400
 */
export function checkMultipleInstances(networks: unknown, maxCount: number): void {
  if (!Array.isArray(networks) || maxCount <= 1) return;
  const items = networks as Json[];
  const named = (value: unknown) => typeof value === 'string' && value !== '';
  if (items.some((item) => !named(item.port) && named(item.uuid) && named(item.fixed_ip))) {
    throw NovaError.badRequest(
      'Failed to launch instances: max_count cannot be greater than 1 if an fixed_ip is specified.',
    );
  }
  if (items.some((item) => named(item.port))) {
    throw NovaError.badRequest(
      'Failed to launch instances: Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports.',
    );
  }
}
