import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Cloud, CloudOptions } from '../cloud.js';
import type { SliceOptions } from '../snapshot/capture-slices.js';
import { type ClockDriver, type ClockMode, createClockDriver } from './clock-driver.js';
import { type CloudHolder, createCloudHolder } from './cloud-holder.js';
import { hostAllowed } from './host-check.js';
import type { IdentityInput } from './identity/directory.js';
import { createIdentity, type Identity } from './identity/identity.js';
import { createRecentRequests } from './live-view/recent-requests.js';
import { createMounts, routeIdentity, routeMain } from './mounts.js';
import { handleVncUpgrade, NOVNC_PAGE, NOVNC_PAGES } from './novnc/proxy.js';
import { createRequestListener } from './transport.js';
import type { Endpoints } from './types.js';

/** Requests the live view lists. */
const RECENT_REQUESTS = 50;

import { everyWallInterval, systemWallClock, type WallClock } from './wall-clock.js';

/** Nova's `[oslo_middleware] max_request_body_size` default: 112 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 114_688;

export interface SimServerOptions {
  /** Default 127.0.0.1: loopback only. */
  readonly host?: string;
  /** Default 8774; 0 picks a free port. */
  readonly port?: number;
  /** Also serve Keystone at the root of this port (and list it in the catalog). */
  readonly identityPort?: number;
  /** Scheme and host clients should use, when it differs from the bound address. */
  readonly publicUrl?: string;
  /** Seed, hosts, config and catalog of the cloud. */
  readonly cloud?: Omit<CloudOptions, 'restore' | 'trace'>;
  /** Users and projects (default admin/admin and demo/demo). */
  readonly identity?: IdentityInput;
  /** realtime (default): virtual time follows wall time × speed; manual: only `/_sim/clock`. */
  readonly clock?: ClockMode;
  /** Default 1. */
  readonly speed?: number;
  /** Token lifetime in seconds (default 3600, Keystone's). */
  readonly tokenTtlSeconds?: number;
  /** Body limit of the OpenStack APIs (default {@link DEFAULT_MAX_BODY_BYTES}). */
  readonly maxBodyBytes?: number;
  /** Body limit of `/_sim/` (snapshots are large; default 256 MiB). */
  readonly controlMaxBodyBytes?: number;
  /** Trace entries kept for `/_sim/trace` (default 100,000; 0 turns the trace off). */
  readonly traceLimit?: number;
  /** How often the realtime clock catches up between requests (default 250 ms). */
  readonly tickMs?: number;
  /** Wall time source (tests use a manual one). */
  readonly wall?: WallClock;
  /** How `GET /_sim/snapshot?format=lines` slices its reading (tests pause it). */
  readonly snapshotSlices?: SliceOptions;
  /** One line per request when given. */
  readonly log?: (line: string) => void;
  /** A timer or a service failed; default: written to stderr. */
  readonly onError?: (error: unknown) => void;
}

/** A running server. */
export interface SimServer {
  readonly endpoints: Endpoints;
  /** The current cloud (a restore or reset replaces it). */
  readonly cloud: Cloud;
  readonly identity: Identity;
  readonly clock: ClockDriver;
  /** Requests waiting for a streamed save to finish reading the cloud. */
  readonly held: number;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** The URL's path, without its query string. */
function pathOf(url: string): string {
  const queryAt = url.indexOf('?');
  return queryAt < 0 ? url : url.slice(0, queryAt);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** The origin of `base` on another port: where Keystone listens with `identityPort`. */
function withPort(base: string, port: number): string {
  const url = new URL(base);
  url.port = String(port);
  return url.origin;
}

/**
 * Serves the cloud over HTTP: Keystone v3 at `/identity`, Nova at `/compute/v2.1` (and at
 * `/v2.1`), read-only Glance at `/image` and Neutron at `/network`, and the control API at
 * `/_sim`, on one port.
 *
 * @example
 * const server = await startSimServer({ port: 0, speed: 60 });
 * console.log(server.endpoints.identity); // the auth_url for clouds.yaml
 * await server.close();
 */
export async function startSimServer(options: SimServerOptions = {}): Promise<SimServer> {
  const host = options.host ?? '127.0.0.1';
  const wall = options.wall ?? systemWallClock;
  const onError =
    options.onError ?? ((error: unknown) => process.stderr.write(`nova-sim: ${String(error)}\n`));

  // The services need the endpoints, which need the bound port: listen first, then build
  // the cloud and hand requests over once everything exists.
  type Listener = ReturnType<typeof createRequestListener>;
  let mainListener: Listener | undefined;
  let identityListener: Listener | undefined;
  const main = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    // The main port is also the noVNC proxy the console URLs name (see novnc/proxy.ts).
    if (req.method === 'GET' && NOVNC_PAGES.has(pathOf(req.url ?? '/'))) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(NOVNC_PAGE);
      return;
    }
    mainListener!(req, res);
  });
  const identityServer =
    options.identityPort === undefined
      ? undefined
      : createServer({ keepAliveTimeout: 30_000 }, (req, res) => identityListener!(req, res));
  const servers = identityServer ? [main, identityServer] : [main];
  // Upgraded console sockets leave the HTTP server's books: close() ends them itself.
  const consoles = new Set<Duplex>();

  try {
    const port = await listen(main, options.port ?? 8774, host);
    const identityPort = identityServer
      ? await listen(identityServer, options.identityPort!, host)
      : undefined;
    const base = (options.publicUrl ?? `http://${urlHost(host)}:${port}`).replace(/\/+$/, '');
    const endpoints: Endpoints = {
      base,
      identity: identityPort === undefined ? `${base}/identity` : withPort(base, identityPort),
      compute: `${base}/compute/v2.1`,
      image: `${base}/image`,
      network: `${base}/network`,
      volume: `${base}/volume`,
      control: `${base}/_sim`,
    };
    let driver: ClockDriver | undefined;
    const holder: CloudHolder = createCloudHolder({
      options: { ...options.cloud, ...(options.identity ? { identity: options.identity } : {}) },
      endpoint: `${base}/compute`,
      novncProxyBaseUrl: `${base}/vnc_auto.html`,
      traceLimit: options.traceLimit ?? 100_000,
      onReplace: () => driver?.rebase(),
      ...(options.snapshotSlices ? { slices: options.snapshotSlices } : {}),
    });
    const clockDriver = createClockDriver({
      wall,
      clock: () => holder.cloud.clock,
      mode: options.clock ?? 'realtime',
      speed: options.speed ?? 1,
      onError,
    });
    driver = clockDriver;
    const identity = createIdentity({
      cloud: () => holder.cloud,
      wall,
      tokenTtlMs: (options.tokenTtlSeconds ?? 3600) * 1000,
      endpoints: () => endpoints,
    });
    const requests = createRecentRequests(RECENT_REQUESTS);
    const mounts = createMounts({
      requests,
      holder,
      driver: clockDriver,
      identity,
      endpoints,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      controlMaxBodyBytes: options.controlMaxBodyBytes ?? 256 * 1024 * 1024,
    });
    // While a save reads the cloud, nothing moves it: requests wait, the clock waits.
    const still = () => !holder.hold.busy;
    const hooks = {
      before: () => clockDriver.sync(),
      idle: () => holder.hold.wait(),
      allowHost: hostAllowed([host, new URL(base).hostname]),
      onError,
      // The live view's own polling would crowd out what the user did.
      observe: (method: string, url: string, status: number) => {
        if (!url.startsWith('/_sim/view')) {
          requests.add({ at: holder.cloud.clock.now(), method, url, status });
        }
      },
      ...(options.log ? { log: options.log } : {}),
    };
    mainListener = createRequestListener({ ...hooks, route: routeMain(mounts) });
    main.on('upgrade', (req, socket) => {
      consoles.add(socket);
      socket.once('close', () => consoles.delete(socket));
      handleVncUpgrade(
        req,
        socket,
        () => holder.cloud,
        () => {
          if (still()) clockDriver.sync();
        },
      );
    });
    identityListener = createRequestListener({ ...hooks, route: routeIdentity(mounts) });
    const tick = everyWallInterval(options.tickMs ?? 250, () => {
      if (!still()) return;
      clockDriver.sync();
      holder.trimTrace();
      identity.tokens.prune();
    });

    return {
      endpoints,
      get cloud() {
        return holder.cloud;
      },
      identity,
      clock: clockDriver,
      get held() {
        return holder.hold.waiting;
      },
      async close() {
        tick.stop();
        for (const socket of consoles) socket.destroy();
        await Promise.all(servers.map(close));
      },
    };
  } catch (error) {
    await Promise.all(servers.map(close));
    throw error;
  }
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
