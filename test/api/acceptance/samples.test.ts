import { describe, expect, it } from 'vitest';
import { SAMPLE_PROJECT_ID } from '../../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { type SampleFile, sampleAt, sampleFiles, shapeDiff } from '../../support/samples.js';

/**
 * Replays Nova's request samples against a cloud set up with what each refers to, at the
 * sample's microversion, and checks the documented code and the response's shape.
 */

const ADMIN = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['admin'] };
const MEMBER = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['member'] };
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

/** Samples Nova documents for resources we do not simulate (Neutron floating IPs). */
const NOT_SIMULATED: Readonly<Record<string, string>> = {
  // Nova's own samples: they carry personality (gone at 2.57) and no networks (required at 2.37).
  'servers/v2.90/server-create-req.json': "invalid against Nova's own schema",
  'servers/v2.94/server-create-req.json': "invalid against Nova's own schema",
};

/** Samples Nova itself answers with an error. */
const EXPECTED_ERRORS: Readonly<Record<string, number>> = {
  // The samples' addresses are not this cloud's: the fixed one is not the server's (400)
  // and no floating IP has the other (404), as Nova answers over Neutron.
  'servers/server-action-addfloatingip-req.json': 400,
  'servers/server-action-removefloatingip-req.json': 404,
  // 2.92 removed key generation: this request (no public_key) is Nova's negative sample.
  'os-keypairs/v2.92/keypairs-post-req.json': 400,
  // The sample still holds its template placeholder for the zone.
  'servers/v2.63/server-create-req.json': 400,
};

/** HTTP code per action key (reference §2.2); 202 otherwise. */
const ACTION_CODES: Readonly<Record<string, number>> = {
  rescue: 200,
  evacuate: 200,
  confirmResize: 204,
  resetNetwork: 410,
};

/** Requests that put a fresh ACTIVE server into the state an action needs. */
const PREPARE: Readonly<Record<string, readonly unknown[]>> = {
  confirmResize: [{ resize: { flavorRef: '2' } }],
  revertResize: [{ resize: { flavorRef: '2' } }],
  'os-start': [{ 'os-stop': null }],
  unpause: [{ pause: null }],
  resume: [{ suspend: null }],
  unrescue: [{ rescue: null }],
  shelveOffload: [{ shelve: null }],
  unshelve: [{ shelve: null }],
  unlock: [{ lock: null }],
};

function headers(version: string) {
  return { 'OpenStack-API-Version': `compute ${version}` };
}

/** Host names a request body mentions. */
function mentionedHosts(body: unknown): string[] {
  const text = JSON.stringify(body);
  const hosts = new Set<string>();
  for (const match of text.matchAll(/"(?:host|hypervisor_hostname)":\s*"([^"]+)"/g))
    hosts.add(match[1]!);
  return [...hosts];
}

function setup(sample: SampleFile): { cloud: Cloud; extraHosts: string[] } {
  const body = JSON.stringify(sample.json);
  const networks = [
    ...body.matchAll(/"uuid":\s*"([a-f]{8}-[a-f]{4}-[a-f]{4}-[a-f]{4}-[a-f]{12})"/g),
  ].map((m) => m[1]!);
  const cloud = createCloud({
    seed: 7,
    hosts: [
      { name: 'compute', availabilityZone: 'nova' },
      { name: 'compute-2', availabilityZone: 'nova' },
      { name: 'compute-west', availabilityZone: 'us-west' },
    ],
    config: {
      jitter: 0,
      shelvedOffloadTime: sample.json && body.includes('shelveOffload') ? -1 : 0,
    },
    ...(networks.length > 0
      ? {
          catalog: {
            networks: [...new Set(networks)].map((id, i) => ({
              id,
              name: `net${i}`,
              cidr: `10.${i}.0.0/24`,
            })),
          },
        }
      : {}),
  });
  cloud.catalog.addKeypair({
    name: 'new-key',
    userId: 'fake',
    type: 'ssh',
    publicKey: 'ssh-rsa AAAA fake',
    fingerprint: '00:00',
    createdAt: 0,
  });
  cloud.catalog.groups.set('f3d86fe6-4246-4be8-b87c-eb894626c741', {
    id: 'f3d86fe6-4246-4be8-b87c-eb894626c741',
    name: 'sample',
    policy: 'anti-affinity',
    rules: {},
    members: [],
    projectId: SAMPLE_PROJECT_ID,
    userId: 'fake',
  });
  return {
    cloud,
    extraHosts: mentionedHosts(sample.json).filter((h) => !['compute', 'compute-2'].includes(h)),
  };
}

/** An ACTIVE server created through the API, with the sample's named hosts added after it. */
function activeServer(cloud: Cloud, extraHosts: readonly string[]): string {
  const res = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    headers: headers('2.1'),
    auth: ADMIN,
    body: {
      server: { name: 'sample-server', imageRef: IMAGE, flavorRef: '1', availability_zone: 'nova' },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  for (const name of extraHosts) cloud.hosts.add({ name, availabilityZone: 'nova' });
  return (res.body as { server: { id: string } }).server.id;
}

function responseSample(sample: SampleFile): unknown {
  const dir = sample.path.slice(0, sample.path.length - sample.name.length);
  const candidates = [
    sample.name.replace('-req', '-resp'),
    sample.name.replace(/\.json$/, '-resp.json'),
    sample.name.replace(/-req.*\.json$/, '.json'),
  ];
  for (const name of candidates) {
    if (name === sample.name) continue;
    const found = sampleAt(`${dir}${name}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

type Kind = 'create' | 'update' | 'action' | 'metadata' | 'meta' | 'tags' | 'keypair' | 'group';

function kindOf(sample: SampleFile): Kind | undefined {
  if (/-resp|-get-|-list-|-index-|-details|show-details/.test(sample.name)) return undefined;
  const json = sample.json as Record<string, unknown>;
  const keys = Object.keys(json);
  if (keys.length === 1 && keys[0] === 'adminPass') return undefined; // a rescue response
  if (keys.includes('server')) return /create/.test(sample.name) ? 'create' : 'update';
  if (keys.includes('keypair')) return 'keypair';
  if (keys.includes('server_group')) return 'group';
  if (keys.includes('metadata')) return 'metadata';
  if (keys.includes('meta')) return 'meta';
  if (keys.includes('tags')) return 'tags';
  return keys.length === 1 ? 'action' : undefined;
}

/** The microversion a sample is for: its folder, or a `-v237` style suffix. */
function versionOf(sample: SampleFile): string {
  const suffix = /-v(\d)(\d+)\.json$/.exec(sample.name);
  return suffix ? `${suffix[1]}.${suffix[2]}` : sample.version;
}

/** Samples rendered for a non-admin caller carry no OS-EXT-SRV-ATTR:host. */
function callerFor(sample: SampleFile): typeof ADMIN {
  const response = JSON.stringify(responseSample(sample) ?? {});
  return response.includes('"server"') && !response.includes('"OS-EXT-SRV-ATTR:host"')
    ? MEMBER
    : ADMIN;
}

function replay(sample: SampleFile): { status: number; body: unknown; expectedStatus: number } {
  const kind = kindOf(sample)!;
  const { cloud, extraHosts } = setup(sample);
  const v = headers(versionOf(sample));
  const caller = kind === 'update' || sample.name.includes('rebuild') ? callerFor(sample) : ADMIN;
  const request = (method: string, path: string, auth = caller) =>
    cloud.request({ method, path, headers: v, auth, body: sample.json });
  switch (kind) {
    case 'create': {
      for (const name of extraHosts) cloud.hosts.add({ name, availabilityZone: 'nova' });
      return { ...request('POST', '/v2.1/servers'), expectedStatus: 202 };
    }
    case 'keypair':
      return {
        ...request('POST', '/v2.1/os-keypairs'),
        expectedStatus: sample.version === '2.1' ? 200 : 201,
      };
    case 'group':
      return { ...request('POST', '/v2.1/os-server-groups'), expectedStatus: 200 };
    default:
      break;
  }
  const id = activeServer(cloud, extraHosts);
  switch (kind) {
    case 'update':
      return { ...request('PUT', `/v2.1/servers/${id}`), expectedStatus: 200 };
    case 'metadata':
      return { ...request('POST', `/v2.1/servers/${id}/metadata`), expectedStatus: 200 };
    case 'meta': {
      const key = Object.keys((sample.json as { meta: object }).meta)[0]!;
      return {
        ...request('PUT', `/v2.1/servers/${id}/metadata/${encodeURIComponent(key)}`),
        expectedStatus: 200,
      };
    }
    case 'tags':
      return { ...request('PUT', `/v2.1/servers/${id}/tags`), expectedStatus: 200 };
    default: {
      const action = Object.keys(sample.json as object)[0]!;
      for (const step of PREPARE[action] ?? []) {
        const res = cloud.request({
          method: 'POST',
          path: `/v2.1/servers/${id}/action`,
          headers: v,
          auth: ADMIN,
          body: step,
        });
        expect(res.status, `preparing ${action}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
        cloud.clock.advance(60_000);
      }
      if (action === 'evacuate') {
        const host = cloud.compute.get(id)!.host!;
        cloud.hosts.down(host);
        cloud.hosts.forceDown(host);
      }
      return {
        ...request('POST', `/v2.1/servers/${id}/action`),
        expectedStatus: ACTION_CODES[action] ?? 202,
      };
    }
  }
}

const FOLDERS = [
  'servers',
  'os-rescue',
  'os-shelve',
  'os-lock-server',
  'os-pause-server',
  'os-suspend-server',
  'os-migrate-server',
  'os-evacuate',
  'os-admin-actions',
  'os-multiple-create',
  'os-create-backup',
  'os-keypairs',
  'os-server-groups',
  'server-metadata',
  'os-server-tags',
];

const requests = FOLDERS.flatMap(sampleFiles).filter((s) => kindOf(s) !== undefined);

describe("Nova's request samples replay with the documented code and response shape", () => {
  it('finds the samples', () => {
    expect(requests.length).toBeGreaterThan(80);
  });

  for (const sample of requests) {
    const reason = NOT_SIMULATED[sample.path];
    if (reason) {
      it(`${sample.path} is refused as not simulated (${reason})`, () => {
        const { status } = replay(sample);
        expect(status).toBe(400);
      });
      continue;
    }
    it(`${sample.path} at ${versionOf(sample)}`, () => {
      const { status, body, expectedStatus } = replay(sample);
      const error = EXPECTED_ERRORS[sample.path];
      expect(status, JSON.stringify(body)).toBe(error ?? expectedStatus);
      const expected = responseSample(sample);
      if (expected !== undefined && error === undefined)
        expect(shapeDiff(expected, body)).toEqual([]);
    });
  }
});

describe("Nova's response-only samples have the same shape as our answers", () => {
  const GETS: readonly {
    path: string;
    request: (cloud: Cloud, id: string) => string;
    auth?: typeof ADMIN;
  }[] = [
    { path: 'versions/versions-get-resp.json', request: () => '/' },
    { path: 'versions/v21-version-get-resp.json', request: () => '/v2.1/' },
    { path: 'versions/v2-version-get-resp.json', request: () => '/v2/' },
    {
      path: 'os-server-tags/v2.26/server-tags-index-resp.json',
      request: (_, id) => `/v2.1/servers/${id}/tags`,
    },
    {
      path: 'server-metadata/server-metadata-all-resp.json',
      request: (_, id) => `/v2.1/servers/${id}/metadata`,
    },
    {
      path: 'os-instance-actions/instance-actions-list-resp.json',
      request: (_, id) => `/v2.1/servers/${id}/os-instance-actions`,
    },
    {
      path: 'os-instance-actions/v2.58/instance-actions-list-resp.json',
      request: (_, id) => `/v2.1/servers/${id}/os-instance-actions`,
    },
    {
      path: 'os-instance-actions/v2.84/instance-actions-list-resp.json',
      request: (_, id) => `/v2.1/servers/${id}/os-instance-actions`,
    },
    ...['2.1', '2.21', '2.51', '2.58', '2.62', '2.66', '2.84'].map((version) => ({
      path: `os-instance-actions/${version === '2.1' ? '' : `v${version}/`}instance-action-get-resp.json`,
      request: (cloud: Cloud, id: string) =>
        `/v2.1/servers/${id}/os-instance-actions/${cloud.compute.get(id)!.actions.at(-1)!.requestId}`,
    })),
    ...['2.51', '2.58', '2.62', '2.66', '2.84'].map((version) => ({
      path: `os-instance-actions/v${version}/instance-action-get-non-admin-resp.json`,
      request: (cloud: Cloud, id: string) =>
        `/v2.1/servers/${id}/os-instance-actions/${cloud.compute.get(id)!.actions.at(-1)!.requestId}`,
      auth: MEMBER,
    })),
  ];

  for (const get of GETS) {
    it(get.path, () => {
      const expected = sampleAt(get.path);
      expect(expected, `missing sample ${get.path}`).toBeDefined();
      const version = /\/v(2\.\d+)\//.exec(get.path)?.[1] ?? '2.1';
      const cloud = createCloud({ seed: 3, config: { jitter: 0 } });
      const create = cloud.request({
        method: 'POST',
        path: '/v2.1/servers',
        auth: ADMIN,
        body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', metadata: { a: 'b' } } },
      });
      const id = (create.body as { server: { id: string } }).server.id;
      cloud.clock.advance(60_000);
      cloud.request({
        method: 'POST',
        path: `/v2.1/servers/${id}/action`,
        auth: ADMIN,
        body: { 'os-stop': null },
      });
      cloud.clock.advance(60_000);
      const res = cloud.request({
        method: 'GET',
        path: get.request(cloud, id),
        headers: headers(version),
        auth: get.auth ?? ADMIN,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(shapeDiff(expected, res.body)).toEqual([]);
    });
  }
});
