import type { ClockDriver } from './clock-driver.js';
import type { CloudHolder } from './cloud-holder.js';
import { createCloudServiceHttp } from './cloud-service.js';
import { createComputeService } from './compute.js';
import { controlGate, createControlService } from './control.js';
import type { Identity } from './identity/identity.js';
import type { RecentRequests } from './live-view/recent-requests.js';
import { createNetworkHttp } from './network-http.js';
import { glanceError, keystoneError, neutronError, novaFault } from './responses.js';
import type { Mount } from './transport.js';
import type { Endpoints } from './types.js';

export interface Mounts {
  readonly identity: Mount;
  readonly compute: Mount;
  readonly image: Mount;
  readonly network: Mount;
  readonly volume: Mount;
  readonly control: Mount;
}

/** oslo.middleware's sizelimit message, which every service here uses. */
const TOO_LARGE = 'Request is too large.';
/** Bytes that are not UTF-8 fail JSON decoding: each service's malformed-body answer. */
const MALFORMED = 'Malformed request body';
/** Glance's and Neutron's answer to a body they cannot read as JSON. */
const MALFORMED_JSON = 'Malformed JSON in request body.';

/** Largest image upload served (the simulator keeps image data in memory and snapshots). */
const IMAGE_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Each service with its body limit and its own shape of 413. */
export function createMounts(deps: {
  readonly holder: CloudHolder;
  readonly driver: ClockDriver;
  readonly identity: Identity;
  readonly endpoints: Endpoints;
  readonly maxBodyBytes: number;
  readonly controlMaxBodyBytes: number;
  readonly requests?: RecentRequests;
}): Mounts {
  const { holder, driver, identity, maxBodyBytes } = deps;
  const endpoints = () => deps.endpoints;
  const services = { cloud: () => holder.cloud, identity, endpoints };
  return {
    identity: {
      service: identity.service,
      maxBodyBytes,
      tooLarge: () => keystoneError(413, TOO_LARGE),
      notUtf8: () => keystoneError(400, MALFORMED),
    },
    compute: {
      service: createComputeService(services),
      maxBodyBytes,
      tooLarge: () => novaFault(413, 'overLimit', TOO_LARGE),
      notUtf8: () => novaFault(400, 'badRequest', MALFORMED),
    },
    image: {
      service: createCloudServiceHttp('image', {
        ...services,
        // Glance's version documents answer without a token.
        isPublic: (request) =>
          request.method === 'GET' && (request.path === '/' || request.path === '/versions'),
      }),
      // Image data goes through this mount: Glance takes bodies far larger than JSON.
      maxBodyBytes: Math.max(maxBodyBytes, IMAGE_MAX_BODY_BYTES),
      tooLarge: () => glanceError(413, TOO_LARGE),
      // Glance's JSON deserializer decodes strictly, and a decoding error is a ValueError:
      // the malformed-JSON 400. Image data (file, stage) is bytes, never decoded.
      notUtf8: (request) =>
        /\/(file|stage)\/?$/.test(request.path) ? undefined : glanceError(400, MALFORMED_JSON),
    },
    network: {
      service: createNetworkHttp(services),
      maxBodyBytes,
      tooLarge: () => neutronError(413, 'HTTPRequestEntityTooLarge', TOO_LARGE),
      // As in Glance: strict decoding fails as malformed JSON does.
      notUtf8: () => neutronError(400, 'HTTPBadRequest', MALFORMED_JSON),
    },
    volume: {
      // The version documents answer without a token, as Cinder's do.
      service: createCloudServiceHttp('volume', {
        ...services,
        isPublic: (request) => /^\/(v3\/?)?$/.test(request.path) && request.method === 'GET',
      }),
      maxBodyBytes,
      tooLarge: () => novaFault(413, 'overLimit', TOO_LARGE),
    },
    control: {
      service: createControlService({
        holder,
        driver,
        identity,
        endpoints,
        requests: deps.requests,
      }),
      maxBodyBytes: deps.controlMaxBodyBytes,
      tooLarge: () => keystoneError(413, TOO_LARGE),
      gate: controlGate({ identity, endpoints }),
    },
  };
}

function under(path: string, prefix: string): string | undefined {
  if (path === prefix) return '/';
  // The prefix then a slash, without building `${prefix}/` per request and prefix.
  return path.startsWith(prefix) && path.charCodeAt(prefix.length) === 0x2f
    ? path.slice(prefix.length)
    : undefined;
}

/**
 * The main port's layout, devstack's: `/identity`, `/compute`, `/image`, `/network`, `/volume`,
 * `/_sim`; `/v3` is Keystone's and everything else Nova's (so `/v2.1/...` works too).
 */
export function routeMain(mounts: Mounts) {
  const prefixes: [string, Mount][] = [
    ['/identity', mounts.identity],
    ['/compute', mounts.compute],
    ['/image', mounts.image],
    ['/network', mounts.network],
    ['/volume', mounts.volume],
    ['/_sim', mounts.control],
  ];
  return (path: string): { mount: Mount; path: string } => {
    for (const [prefix, mount] of prefixes) {
      const rest = under(path, prefix);
      if (rest !== undefined) return { mount, path: rest };
    }
    if (under(path, '/v3') !== undefined) return { mount: mounts.identity, path };
    return { mount: mounts.compute, path };
  };
}

/** The `--identity-port` layout: Keystone at the root (and under `/identity`). */
export function routeIdentity(mounts: Mounts) {
  return (path: string) => ({ mount: mounts.identity, path: under(path, '/identity') ?? path });
}
