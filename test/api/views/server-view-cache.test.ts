import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  NO_PROGRESS,
  ServerViewCache,
  serverViewCache,
} from '../../../src/api/views/server-view-cache.js';
import { SAMPLE_PROJECT_ID } from '../../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import type { Server } from '../../../src/compute/server.js';
import { PUBLIC_NETWORK_ID, SAMPLE_NETWORK_ID } from '../../../src/network/defaults.js';
import type { Auth } from '../../../src/service/contract.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const MEMBER: Auth = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['member'] };
const READER: Auth = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['reader'] };
const ADMIN: Auth = { projectId: 'admin-project', userId: 'admin', roles: ['admin', 'member'] };

function nova(
  cloud: Cloud,
  method: string,
  path: string,
  body?: unknown,
  version = '2.1',
  auth = MEMBER,
) {
  return cloud.request({
    method,
    path: `/v2.1${path}`,
    headers: { 'OpenStack-API-Version': `compute ${version}` },
    ...(body === undefined ? {} : { body }),
    auth,
  });
}

function other(
  cloud: Cloud,
  service: 'network' | 'volume' | 'image',
  method: string,
  path: string,
  body?: unknown,
  auth = MEMBER,
  headers?: Record<string, string>,
) {
  return cloud.request({
    service,
    method,
    path,
    ...(body === undefined ? {} : { body }),
    ...(headers ? { headers } : {}),
    auth,
  });
}

/** Who asks and how: each sees its own bytes. */
const VARIANTS: readonly Variant[] = [
  { auth: MEMBER, version: '2.1', prefix: '/v2.1' },
  { auth: MEMBER, version: '2.75', prefix: `/v2.1/${SAMPLE_PROJECT_ID}` },
  { auth: READER, version: 'latest', prefix: '/v2.1' },
  { auth: ADMIN, version: '2.16', prefix: '/v2.1' },
  { auth: ADMIN, version: 'latest', prefix: '/v2' },
];

interface Variant {
  readonly auth: Auth;
  readonly version: string;
  readonly prefix: string;
}

/**
 * GET /servers/{id} and a page of /servers/detail as the HTTP server asks them (text) and
 * as a library caller does. One
 * variant per run: the cache keeps one variant per server, so alternating them would only
 * ever miss.
 */
function compare(cloud: Cloud, id: string, { auth, version, prefix }: Variant): void {
  const ask = (path: string, textBody: boolean) =>
    cloud.request({
      method: 'GET',
      path: `${prefix}${path}`,
      headers: { 'OpenStack-API-Version': `compute ${version}` },
      auth,
      textBody,
    });
  const list = auth === ADMIN ? '/servers/detail?all_tenants=True' : '/servers/detail?limit=3';
  for (const path of [`/servers/${id}`, list]) {
    const sent = ask(path, true);
    const fresh = ask(path, false);
    expect(sent.status).toBe(fresh.status);
    expect(sent.text ?? JSON.stringify(sent.body)).toBe(JSON.stringify(fresh.body));
  }
}

function boot(cloud: Cloud, hints?: Record<string, string>): string | undefined {
  const res = nova(cloud, 'POST', '/servers', {
    server: {
      name: 'vm',
      imageRef: IMAGE,
      flavorRef: '1',
      networks: [{ uuid: SAMPLE_NETWORK_ID }],
      metadata: { a: '1' },
    },
    ...(hints ? { 'os:scheduler_hints': hints } : {}),
  });
  return res.status === 202 ? (res.body.server.id as string) : undefined;
}

const SERVER_ACTIONS = [
  { 'os-stop': null },
  { 'os-start': null },
  { reboot: { type: 'HARD' } },
  { pause: null },
  { unpause: null },
  { suspend: null },
  { resume: null },
  { lock: { locked_reason: 'why' } },
  { unlock: null },
  { resize: { flavorRef: '2' } },
  { confirmResize: null },
  { revertResize: null },
  { shelve: null },
  { unshelve: null },
  { rescue: null },
  { unrescue: null },
  { addSecurityGroup: { name: 'sg2' } },
  { removeSecurityGroup: { name: 'sg2' } },
  { createImage: { name: 'snap' } },
];

interface State {
  group?: string;
  fip?: string;
  fipAddress?: string;
}

type Action =
  | { kind: 'advance'; ms: number }
  | { kind: 'create' }
  | { kind: 'delete'; i: number }
  | { kind: 'rename'; i: number; name: string }
  | { kind: 'meta'; i: number; key: string; value: string }
  | { kind: 'tag'; i: number; tag: string }
  | { kind: 'action'; i: number; a: number }
  | { kind: 'attach'; i: number }
  | { kind: 'detach'; i: number }
  | { kind: 'port'; i: number }
  | { kind: 'unplug'; i: number }
  | { kind: 'floating'; i: number; j: number }
  | { kind: 'novaFloating'; i: number }
  | { kind: 'forceDown'; host: number; down: boolean }
  | { kind: 'hostFault'; host: number; up: boolean; ms: number }
  | { kind: 'dropGroup' }
  | { kind: 'imageProperty'; value: string };

const index = fc.nat({ max: 7 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof(fc.constant(0), fc.nat({ max: 20_000 }), fc.nat({ max: 200_000 })),
    }),
    weight: 4,
  },
  fc.record({ kind: fc.constant('create' as const) }),
  fc.record({ kind: fc.constant('delete' as const), i: index }),
  fc.record({
    kind: fc.constant('rename' as const),
    i: index,
    name: fc.constantFrom('a', 'b', 'ü'),
  }),
  fc.record({
    kind: fc.constant('meta' as const),
    i: index,
    key: fc.constantFrom('a', 'b'),
    value: fc.constantFrom('1', '2'),
  }),
  fc.record({ kind: fc.constant('tag' as const), i: index, tag: fc.constantFrom('t1', 't2') }),
  {
    arbitrary: fc.record({
      kind: fc.constant('action' as const),
      i: index,
      a: fc.nat({ max: SERVER_ACTIONS.length - 1 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('attach' as const), i: index }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('detach' as const), i: index }), weight: 3 },
  fc.record({ kind: fc.constant('port' as const), i: index }),
  fc.record({ kind: fc.constant('unplug' as const), i: index }),
  fc.record({ kind: fc.constant('floating' as const), i: index, j: index }),
  { arbitrary: fc.record({ kind: fc.constant('novaFloating' as const), i: index }), weight: 2 },
  fc.record({
    kind: fc.constant('forceDown' as const),
    host: fc.nat({ max: 1 }),
    down: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('hostFault' as const),
    host: fc.nat({ max: 1 }),
    up: fc.boolean(),
    ms: fc.nat({ max: 30_000 }),
  }),
  fc.record({ kind: fc.constant('dropGroup' as const) }),
  fc.record({ kind: fc.constant('imageProperty' as const), value: fc.constantFrom('x', 'y') }),
);

/** Runs one action; ids are picked by position among the servers made so far. */
function run(cloud: Cloud, ids: string[], state: State, act: Action): void {
  const pick = (i: number) => ids[i % ids.length]!;
  const hosts = cloud.hosts.list().map((h) => h.name);
  switch (act.kind) {
    case 'advance':
      cloud.clock.advance(act.ms);
      return;
    case 'create': {
      const id = boot(cloud, state.group ? { group: state.group } : undefined);
      if (id) ids.push(id);
      return;
    }
    case 'delete':
      nova(cloud, 'DELETE', `/servers/${pick(act.i)}`);
      return;
    case 'rename':
      nova(cloud, 'PUT', `/servers/${pick(act.i)}`, { server: { name: act.name } });
      return;
    case 'meta':
      nova(cloud, 'POST', `/servers/${pick(act.i)}/metadata`, {
        metadata: { [act.key]: act.value },
      });
      return;
    case 'tag':
      nova(cloud, 'PUT', `/servers/${pick(act.i)}/tags/${act.tag}`, undefined, '2.26');
      return;
    case 'action':
      nova(cloud, 'POST', `/servers/${pick(act.i)}/action`, SERVER_ACTIONS[act.a], '2.73');
      return;
    case 'attach': {
      const volume = other(cloud, 'volume', 'POST', `/v3/${SAMPLE_PROJECT_ID}/volumes`, {
        volume: { size: 1 },
      });
      if (volume.status !== 202) return;
      cloud.clock.advance(10_000);
      nova(cloud, 'POST', `/servers/${pick(act.i)}/os-volume_attachments`, {
        volumeAttachment: { volumeId: volume.body.volume.id },
      });
      return;
    }
    case 'detach': {
      // The first server from i on with a volume: a detach finishes on the clock.
      for (let k = 0; k < ids.length; k++) {
        const id = pick(act.i + k);
        const list = nova(cloud, 'GET', `/servers/${id}/os-volume_attachments`);
        const volume = list.body?.volumeAttachments?.[0]?.volumeId;
        if (!volume) continue;
        nova(cloud, 'DELETE', `/servers/${id}/os-volume_attachments/${volume}`);
        return;
      }
      return;
    }
    case 'port': {
      const port = other(cloud, 'network', 'POST', '/v2.0/ports', {
        port: { network_id: SAMPLE_NETWORK_ID },
      });
      if (port.status !== 201) return;
      nova(cloud, 'POST', `/servers/${pick(act.i)}/os-interface`, {
        interfaceAttachment: { port_id: port.body.port.id },
      });
      return;
    }
    case 'unplug': {
      const id = pick(act.i);
      const list = nova(cloud, 'GET', `/servers/${id}/os-interface`);
      const port = list.body?.interfaceAttachments?.at(-1)?.port_id;
      if (port) nova(cloud, 'DELETE', `/servers/${id}/os-interface/${port}`);
      return;
    }
    case 'floating': {
      // A floating IP made on one server's port, then moved to another's through Neutron.
      const ports = (i: number) =>
        other(cloud, 'network', 'GET', `/v2.0/ports?device_id=${pick(i)}`).body?.ports ?? [];
      const [from] = ports(act.i);
      const [to] = ports(act.j);
      if (!state.fip) {
        if (!from) return;
        const fip = other(cloud, 'network', 'POST', '/v2.0/floatingips', {
          floatingip: { floating_network_id: PUBLIC_NETWORK_ID, port_id: from.id },
        });
        if (fip.status === 201) {
          state.fip = fip.body.floatingip.id;
          state.fipAddress = fip.body.floatingip.floating_ip_address;
        }
        return;
      }
      other(cloud, 'network', 'PUT', `/v2.0/floatingips/${state.fip}`, {
        floatingip: { port_id: to ? to.id : null },
      });
      return;
    }
    case 'novaFloating':
      // Nova's proxy (up to 2.43) moves the address off whichever server holds it.
      if (state.fipAddress) {
        nova(cloud, 'POST', `/servers/${pick(act.i)}/action`, {
          addFloatingIp: { address: state.fipAddress },
        });
      }
      return;
    case 'forceDown': {
      const services = nova(
        cloud,
        'GET',
        '/os-services?binary=nova-compute',
        undefined,
        '2.53',
        ADMIN,
      ).body.services;
      const service = services[act.host % services.length];
      nova(cloud, 'PUT', `/os-services/${service.id}`, { forced_down: act.down }, '2.53', ADMIN);
      return;
    }
    case 'hostFault': {
      const host = hosts[act.host % hosts.length]!;
      cloud.addFault({
        kind: act.up ? 'host-up' : 'host-down',
        host,
        atMs: cloud.clock.now() + act.ms,
      });
      return;
    }
    case 'dropGroup':
      if (state.group) nova(cloud, 'DELETE', `/os-server-groups/${state.group}`);
      delete state.group;
      return;
    case 'imageProperty':
      other(
        cloud,
        'image',
        'PATCH',
        `/v2/images/${IMAGE}`,
        [{ op: 'add', path: '/cache_test', value: act.value }],
        ADMIN,
        {
          'content-type': 'application/openstack-images-v2.1-json-patch',
        },
      );
      return;
  }
}

describe('the GET /servers/{id} view cache', () => {
  // Each action is followed by a check, a short advance (timers the action started: attach
  // and detach steps, builds, moves) and another check, so a slot filled before a timer
  // changed the row is read after it.
  const step = fc.tuple(action, fc.constantFrom(0, 3_000, 15_000));
  test.prop(
    [
      fc.array(step, { minLength: 5, maxLength: 30, size: 'max' }),
      fc.constantFrom(...VARIANTS),
      fc.nat(),
    ],
    { numRuns: 60 },
  )(
    'sends the bytes a fresh render gives, after any actions and clock advances',
    (steps, variant, seed) => {
      const cloud = createCloud({ seed, hosts: { count: 2 } });
      const group = nova(cloud, 'POST', '/os-server-groups', {
        server_group: { name: 'g', policies: ['anti-affinity'] },
      });
      const state: State = { group: group.body.server_group.id };
      other(cloud, 'network', 'POST', '/v2.0/security-groups', {
        security_group: { name: 'sg2' },
      });
      const ids = [boot(cloud, { group: state.group! })!, boot(cloud)!];
      cloud.clock.advance(60_000);
      for (const [act, then] of steps) {
        run(cloud, ids, state, act);
        for (const id of ids) compare(cloud, id, variant);
        cloud.clock.advance(then);
        for (const id of ids) compare(cloud, id, variant);
      }
    },
  );

  it('answers again from the cache while nothing changed, and not after a detach finishes on the clock', () => {
    const cloud = createCloud({ seed: 3 });
    const id = boot(cloud)!;
    cloud.clock.advance(60_000);
    const volume = other(cloud, 'volume', 'POST', `/v3/${SAMPLE_PROJECT_ID}/volumes`, {
      volume: { size: 1 },
    }).body.volume.id;
    cloud.clock.advance(10_000);
    nova(cloud, 'POST', `/servers/${id}/os-volume_attachments`, {
      volumeAttachment: { volumeId: volume },
    });
    cloud.clock.advance(10_000);
    const text = () =>
      cloud.request({ method: 'GET', path: `/v2.1/servers/${id}`, auth: MEMBER, textBody: true })
        .text;
    const first = text();
    expect(serverViewCache(cloud).size.entries).toBe(1);
    expect(text()).toBe(first);
    nova(cloud, 'DELETE', `/servers/${id}/os-volume_attachments/${volume}`);
    // The cache was filled again before the detach's timer removes the mapping.
    expect(text()).toContain(volume);
    cloud.clock.advance(10_000);
    expect(text()).not.toContain(volume);
    expect(JSON.parse(text()!)).toEqual(nova(cloud, 'GET', `/servers/${id}`).body);
  });

  it('keeps a building server while its progress stands, and renders it anew as the percentage moves', () => {
    const cloud = createCloud({ seed: 5 });
    const id = boot(cloud)!;
    const text = () =>
      cloud.request({ method: 'GET', path: `/v2.1/servers/${id}`, auth: MEMBER, textBody: true })
        .text!;
    const percents: number[] = [];
    // Every 100 ms through the build: each answer is a fresh render's bytes, and is kept.
    for (let at = 0; at < 30_000; at += 100) {
      const sent = text();
      const { status, progress } = JSON.parse(sent).server;
      if (status !== 'BUILD') break;
      expect(serverViewCache(cloud).size.entries).toBe(1);
      expect(sent).toBe(JSON.stringify(nova(cloud, 'GET', `/servers/${id}`).body));
      percents.push(progress);
      cloud.clock.advance(100);
    }
    // The spawning step was seen part-way, at several percentages.
    expect(new Set(percents.filter((p) => p > 0 && p < 100)).size).toBeGreaterThan(1);
  });

  it('keeps the body a library caller reads: `body` parses the text', () => {
    const cloud = createCloud();
    const id = boot(cloud)!;
    const res = cloud.request({
      method: 'GET',
      path: `/v2.1/servers/${id}`,
      auth: MEMBER,
      textBody: true,
    });
    expect(res.body).toEqual(JSON.parse(res.text!));
    expect(res.headers['content-type']).toBe('application/json');
    const plain = cloud.request({ method: 'GET', path: `/v2.1/servers/${id}`, auth: MEMBER });
    expect(plain.text).toBeUndefined();
  });
});

describe('ServerViewCache', () => {
  const server = (n: number) => ({ id: `s${n}` }) as unknown as Server;

  it('stays within its byte budget under endless churn, keeping a slot that is read', () => {
    const cache = new ServerViewCache(10_000);
    const kept = server(-1);
    cache.set(kept, 'v', 'UP', 'k'.repeat(1_000));
    for (let n = 0; n < 10_000; n++) {
      cache.set(server(n), 'v', 'UP', 'x'.repeat(1_000 + (n % 7)));
      if (n % 3 === 0) expect(cache.get(kept, 'v', 'UP')).toBeDefined();
      expect(cache.size.bytes).toBeLessThanOrEqual(10_000);
    }
    expect(cache.size.entries).toBeLessThanOrEqual(10);
    expect(cache.get(kept, 'v', 'UP')).toBe('k'.repeat(1_000));
    expect(cache.get(server(0), 'v', 'UP')).toBeUndefined();
  });

  it('misses on another progress, and a slot without one is keyed as none', () => {
    const cache = new ServerViewCache();
    const s = server(1);
    cache.set(s, 'v', 'UP', '{"progress":40}', 40);
    expect(cache.get(s, 'v', 'UP', 41)).toBeUndefined();
    expect(cache.get(s, 'v', 'UP')).toBeUndefined();
    expect(cache.get(s, 'v', 'UP', 40)).toBe('{"progress":40}');
    cache.set(s, 'v', 'UP', '{}');
    expect(cache.get(s, 'v', 'UP', NO_PROGRESS)).toBe('{}');
    expect(cache.get(s, 'v', 'UP', 0)).toBeUndefined();
  });

  it('misses on another variant or host status, and after forget or clear', () => {
    const cache = new ServerViewCache();
    const s = server(1);
    cache.set(s, 'v', 'UP', '{}');
    expect(cache.get(s, 'w', 'UP')).toBeUndefined();
    expect(cache.get(s, 'v', 'DOWN')).toBeUndefined();
    expect(cache.get(s, 'v', 'UP')).toBe('{}');
    cache.forget(s);
    expect(cache.get(s, 'v', 'UP')).toBeUndefined();
    cache.set(s, 'v', 'UP', '{}');
    cache.clear();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });
});
