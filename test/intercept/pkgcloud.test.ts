// pkgcloud's OpenStack compute provider (request over node:http) against an intercepted
// cloud: the library as its users call it, with nothing changed but the auth URL.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { type CloudInterception, interceptCloud } from '../../src/intercept/index.js';

type Callback = (error: unknown, value?: unknown) => void;
interface PkgServer {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly original: { status: string };
}
interface ComputeClient {
  createServer(details: object, cb: Callback): void;
  getServers(cb: Callback): void;
  getServer(id: string, cb: Callback): void;
  rebootServer(id: string, options: object, cb: Callback): void;
  destroyServer(id: string, cb: Callback): void;
}
const pkgcloud = createRequire(import.meta.url)('pkgcloud') as {
  compute: { createClient(options: object): ComputeClient };
};

function call<T>(fn: (cb: Callback) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    fn((error, value) => (error ? reject(error) : resolve(value as T)));
  });
}

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
let sim: CloudInterception | undefined;
afterEach(() => sim?.restore());

describe('pkgcloud, intercepted', { timeout: 60_000 }, () => {
  it('creates, lists, shows, reboots and destroys a server', async () => {
    const cloud = createCloud({ seed: 3, hosts: { count: 2 } });
    sim = interceptCloud(cloud);
    const c = sim.credentials;
    const client = pkgcloud.compute.createClient({
      provider: 'openstack',
      keystoneAuthVersion: 'v3',
      authUrl: sim.authUrl,
      username: c.username,
      password: c.password,
      domainName: c.userDomainName,
      tenantName: c.projectName,
      projectDomainName: c.projectDomainName,
      region: c.regionName,
    });

    const created = await call<PkgServer>((cb) =>
      client.createServer({ name: 'web-1', image: IMAGE, flavor: '1' }, cb),
    );
    expect(created.name).toBe('web-1');
    expect((await call<PkgServer>((cb) => client.getServer(created.id, cb))).original.status).toBe(
      'BUILD',
    );

    cloud.clock.advance(60_000);
    const listed = await call<PkgServer[]>((cb) => client.getServers(cb));
    expect(listed.map((s) => [s.id, s.original.status])).toEqual([[created.id, 'ACTIVE']]);

    await call((cb) => client.rebootServer(created.id, { type: 'HARD' }, cb));
    const rebooting = await call<PkgServer>((cb) => client.getServer(created.id, cb));
    expect(rebooting.original.status).toBe('HARD_REBOOT');
    cloud.clock.advance(60_000);
    expect((await call<PkgServer>((cb) => client.getServer(created.id, cb))).status).toBe(
      'RUNNING',
    );

    await call((cb) => client.destroyServer(created.id, cb));
    cloud.clock.advance(60_000);
    expect(await call<PkgServer[]>((cb) => client.getServers(cb))).toEqual([]);
    const gone = await call((cb) => client.getServer(created.id, cb)).catch(
      (error: { statusCode?: number }) => error.statusCode,
    );
    expect(gone).toBe(404);
  });
});
