/// <reference lib="esnext.disposable" preserve="true" />
import { syncBuiltinESMExports } from 'node:module';
import { BatchInterceptor } from '@mswjs/interceptors';
import { ClientRequestInterceptor } from '@mswjs/interceptors/ClientRequest';
import { FetchInterceptor } from '@mswjs/interceptors/fetch';
import type { Cloud } from '../cloud.js';
import { createClockDriver } from '../http/clock-driver.js';
import { createIdentity } from '../http/identity/identity.js';
import { createMounts, routeMain } from '../http/mounts.js';
import { DEFAULT_MAX_BODY_BYTES } from '../http/server.js';
import type { Endpoints } from '../http/types.js';
import { systemWallClock } from '../http/wall-clock.js';
import { answer } from './fetch-bridge.js';
import { holdCloud } from './held-cloud.js';

export interface InterceptOptions {
  /**
   * Scheme and host the simulated cloud answers on. Default: the origin of the cloud's
   * `config.endpoint` (`http://openstack.example.com` unless set), so the links in Nova's
   * answers lead back to it.
   */
  readonly baseUrl?: string;
  /**
   * Virtual ms per wall ms. Without it (the default) virtual time moves only when the test
   * moves it (`cloud.clock.advance`) or through `POST /_sim/clock/advance`.
   */
  readonly speed?: number;
}

/** What a Keystone v3 password login needs, as clouds.yaml spells it. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
  readonly userDomainName: string;
  readonly projectDomainName: string;
  readonly regionName: string;
}

/**
 * An interception in force: where to point clients, and how to stop it. `using` stops it
 * at the end of the block (`Symbol.dispose`, declared by @types/node).
 */
export interface CloudInterception {
  /** The unversioned Keystone URL (`auth_url`); clients add `/v3`. */
  readonly authUrl: string;
  /** The `demo` member's login (without a `demo` user: the first user with a project). */
  readonly credentials: Credentials;
  /** The `admin` user's login (admin role on project `admin`), when that user exists. */
  readonly adminCredentials: Credentials | undefined;
  readonly endpoints: Endpoints;
  /** The cloud that answers: the one given, until `/_sim/restore` or `/_sim/reset` replaces it. */
  readonly cloud: Cloud;
  /** Stops answering; requests go to the network again. */
  restore(): void;
  [Symbol.dispose](): void;
}

function credentialsOf(
  directory: ReturnType<typeof createIdentity>['directory'],
  name: string | undefined,
): Credentials | undefined {
  const users = directory.users.filter((u) => u.defaultProjectId !== null && u.password !== null);
  const user = users.find((u) => u.name === name) ?? (name === 'demo' ? users[0] : undefined);
  const project = user?.defaultProjectId ? directory.project(user.defaultProjectId) : undefined;
  if (!user || !project || user.password === null) return undefined;
  return {
    username: user.name,
    password: user.password,
    projectName: project.name,
    userDomainName: 'Default',
    projectDomainName: 'Default',
    regionName: 'RegionOne',
  };
}

/**
 * Makes every HTTP client in this process that is aimed at the simulated cloud be answered
 * by `cloud`, in-process and with no socket: global `fetch`, and `node:http`/`node:https`
 * (so axios, got, request and pkgcloud). Keystone, Nova, Glance, Neutron and `/_sim/`
 * answer exactly as under `nova-sim serve`; requests to any other host go to the network.
 *
 * @example
 * using sim = interceptCloud(createCloud({ seed: 1 }));
 * const token = await fetch(`${sim.authUrl}/v3/auth/tokens`, { method: 'POST', body: '...' });
 */
export function interceptCloud(cloud: Cloud, options: InterceptOptions = {}): CloudInterception {
  const base = new URL(options.baseUrl ?? cloud.config.endpoint).origin;
  const endpoints: Endpoints = {
    base,
    identity: `${base}/identity`,
    compute: `${base}/compute/v2.1`,
    image: `${base}/image`,
    network: `${base}/network`,
    volume: `${base}/volume`,
    control: `${base}/_sim`,
  };
  let rebase = () => {};
  const holder = holdCloud(cloud, () => rebase());
  const driver = createClockDriver({
    wall: systemWallClock,
    clock: () => holder.cloud.clock,
    mode: options.speed === undefined ? 'manual' : 'realtime',
    speed: options.speed ?? 1,
    onError: (error) => process.stderr.write(`nova-sim: ${String(error)}\n`),
  });
  rebase = () => driver.rebase();
  // Users and projects are the cloud's own: `createCloud({ identity })`.
  const identity = createIdentity({
    cloud: () => holder.cloud,
    wall: systemWallClock,
    tokenTtlMs: 3_600_000,
    endpoints: () => endpoints,
  });
  const route = routeMain(
    createMounts({
      holder,
      driver,
      identity,
      endpoints,
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      controlMaxBodyBytes: 256 * 1024 * 1024,
    }),
  );

  const credentials = credentialsOf(identity.directory, 'demo');
  if (!credentials) throw new TypeError('interceptCloud: the identity has no user with a project');

  const interceptor = new BatchInterceptor({
    name: 'nova-sim',
    interceptors: [new ClientRequestInterceptor(), new FetchInterceptor()],
  });
  interceptor.on('request', async ({ request, controller }) => {
    if (new URL(request.url).origin !== base) return;
    controller.respondWith(await answer(request, route, () => driver.sync()));
  });
  interceptor.apply();
  // The interceptor replaces http.request and friends on the CommonJS module; this makes
  // `import { request } from 'node:http'` see them too.
  syncBuiltinESMExports();

  let active = true;
  const restore = () => {
    if (!active) return;
    active = false;
    interceptor.dispose();
    syncBuiltinESMExports();
  };
  return {
    authUrl: endpoints.identity,
    credentials,
    adminCredentials: credentialsOf(identity.directory, 'admin'),
    endpoints,
    get cloud() {
      return holder.cloud;
    },
    restore,
    [Symbol.dispose]: restore,
  };
}
