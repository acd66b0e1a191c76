import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseListRequest, runListPlan } from '../../../src/api/listing/index.js';
import { SORT_KEYS } from '../../../src/api/listing/query-schema.js';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import type { Caller } from '../../../src/compute/operations.js';
import * as ops from '../../../src/compute/operations.js';
import type { Server } from '../../../src/compute/server.js';
import { isNovaError } from '../../../src/errors/nova-error.js';
import { boot, IMAGE, listContext, newCloud } from './helpers.js';

// Issue 14: every filter and sort key read from the index kept on write answers exactly
// what a scan of every server answers, on random clouds changed through every write path.

const PROJECTS = ['p0', 'p1'];
const HOSTS_QUERY = ['compute-0', 'compute-1', 'compute-2', 'nohost'];
const V = { 'OpenStack-API-Version': 'compute 2.90' };

type Command =
  | { kind: 'boot'; project: number; n: number; key: number; drive: boolean; tags: number }
  | { kind: 'post'; project: number; n: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'write'; what: (typeof WRITES)[number]; server: number; arg: number }
  | { kind: 'restore' };

const WRITES = [
  'rename',
  'describe',
  'access-ip',
  'hostname',
  'tag',
  'untag-all',
  'lock',
  'unlock',
  'ops-lock',
  'stop',
  'delete',
  'force-delete',
  'restore-deleted',
  'soft-reboot',
  'rebuild',
  'resize',
  'error',
  'metadata',
  'attach-port',
  'detach-port',
] as const;

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('boot' as const),
      project: fc.nat(1),
      n: fc.integer({ min: 1, max: 3 }),
      key: fc.nat(2),
      drive: fc.boolean(),
      tags: fc.nat(3),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      project: fc.nat(1),
      n: fc.integer({ min: 1, max: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.constantFrom(0, 500, 2000, 30_000, 120_000),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      what: fc.constantFrom(...WRITES),
      server: fc.nat(),
      arg: fc.nat(3),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'restore' as const }) },
);

const TAGS = [[], ['a'], ['a', 'b'], ['b', 'c']];

/** Filters of every kind the index narrows or walks; `$T` is a time, `$ID` a server. */
const FILTERS = [
  '',
  'name=s1',
  'name=zz',
  'status=ACTIVE',
  'status=SHUTOFF',
  `image=${IMAGE}`,
  'flavor=1',
  'ip=10.',
  'ip=10\\.0\\.0\\.1',
  'ip=1.*',
  'ip6=fd',
  'changes-since=$T',
  'changes-before=$T',
  'changes-since=$T&changes-before=$T2',
  'locked=true',
  'locked=false',
  'availability_zone=nova',
  'config_drive=True',
  'config_drive=x',
  'key_name=k1',
  'key_name=k',
  'key_name=^k[02]$',
  'power_state=4',
  'task_state=deleting',
  'vm_state=active',
  'progress=0',
  'user_id=u',
  'hostname=s',
  'reservation_id=r-',
  'tags=a',
  'tags=a,b',
  'tags-any=a,c',
  'not-tags=a',
  'not-tags-any=b',
  'soft_deleted=1',
  'deleted=true',
  'host=$HOST',
  'node=$HOST',
  'node=compute',
  'uuid=$ID',
  'uuid=none',
  // Runs of the sorted lists: sparse, constant and few-valued columns.
  'kernel_id=x',
  'ramdisk_id=.*',
  'display_description=d1',
  'access_ip_v4=192',
  'launched_at=20',
  'terminated_at=2',
  'created_at=20',
  'locked_by=adm',
  'root_device_name=vda',
  'user_id=zz',
  'launch_index=1',
  'auto_disk_config=1',
  'flavor=2',
  'image=none',
];

interface Query {
  readonly filter: string;
  readonly sort: string | undefined;
  readonly dir: 'asc' | 'desc' | undefined;
  readonly admin: boolean;
  readonly allTenants: boolean;
  readonly project: number;
  readonly limit: number | undefined;
  readonly marker: number | undefined;
  readonly pick: number;
}

const query: fc.Arbitrary<Query> = fc.record({
  filter: fc.constantFrom(...FILTERS),
  sort: fc.option(fc.constantFrom(...SORT_KEYS, 'locked'), { nil: undefined }),
  dir: fc.option(fc.constantFrom('asc' as const, 'desc' as const), { nil: undefined }),
  admin: fc.boolean(),
  allTenants: fc.boolean(),
  project: fc.nat(1),
  limit: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  marker: fc.option(fc.nat(), { nil: undefined }),
  pick: fc.nat(),
});

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function queryString(cloud: Cloud, q: Query): string {
  const servers = [...cloud.compute.servers.values()];
  const now = cloud.clock.now();
  const some = servers.length > 0 ? servers[q.pick % servers.length] : undefined;
  const filter = q.filter
    .replace('$T2', iso(now - 1000))
    .replace('$T', iso(now - ((q.pick % 4) + 1) * 60_000))
    .replace('$HOST', some?.host ?? HOSTS_QUERY[q.pick % HOSTS_QUERY.length]!)
    .replace('$ID', some?.id ?? 'none');
  const parts = filter === '' ? [] : [filter];
  if (q.allTenants) parts.push('all_tenants=1');
  if (q.sort !== undefined) parts.push(`sort_key=${q.sort}`);
  if (q.dir !== undefined) parts.push(`sort_dir=${q.dir}`);
  if (q.limit !== undefined) parts.push(`limit=${q.limit}`);
  if (q.marker !== undefined && servers.length > 0) {
    parts.push(`marker=${servers[q.marker % servers.length]!.id}`);
  }
  return parts.join('&');
}

type Outcome = { ok: string[] } | { error: string };

function outcome(run: () => Server[]): Outcome {
  try {
    return { ok: run().map((s) => s.id) };
  } catch (error) {
    if (isNovaError(error)) return { error: `${error.code} ${error.message}` };
    throw error;
  }
}

/** One query both ways; true when the indexed run read the index. */
function compare(cloud: Cloud, q: Query): boolean {
  const caller: Caller = {
    projectId: PROJECTS[q.project]!,
    userId: 'u',
    isAdmin: q.admin,
    requestId: 'r',
  };
  const text = queryString(cloud, q);
  let plan: ReturnType<typeof parseListRequest>;
  try {
    plan = parseListRequest(listContext(cloud, text, caller), true);
  } catch (error) {
    if (isNovaError(error)) return false;
    throw error;
  }
  if (plan === 'empty') return false;
  let path = 'none';
  const fast = outcome(() => runListPlan(cloud, plan, { onPath: (p) => (path = p) }));
  const slow = outcome(() => runListPlan(cloud, plan, { scan: true }));
  expect(fast, text).toEqual(slow);
  return path === 'index';
}

function call(cloud: Cloud, server: Server, method: string, path: string, body?: unknown) {
  return cloud.request({
    method,
    path: `/v2.1/servers/${server.id}${path}`,
    headers: V,
    auth: { projectId: server.projectId, userId: 'u', roles: ['admin', 'member'] },
    ...(body === undefined ? {} : { body }),
  });
}

function write(cloud: Cloud, server: Server, what: (typeof WRITES)[number], arg: number): void {
  const who: Caller = { projectId: server.projectId, userId: 'u', isAdmin: true, requestId: 'r' };
  switch (what) {
    case 'rename':
      call(cloud, server, 'PUT', '', { server: { name: `S${arg}` } });
      break;
    case 'describe':
      call(cloud, server, 'PUT', '', { server: { description: arg === 0 ? null : `d${arg}` } });
      break;
    case 'access-ip':
      call(cloud, server, 'PUT', '', { server: { accessIPv4: `192.0.2.${arg}` } });
      break;
    case 'hostname':
      call(cloud, server, 'PUT', '', { server: { hostname: `h${arg}` } });
      break;
    case 'tag':
      call(cloud, server, 'PUT', `/tags/${['a', 'b', 'c', 'd'][arg]}`);
      break;
    case 'untag-all':
      call(cloud, server, 'DELETE', '/tags');
      break;
    case 'lock':
      call(cloud, server, 'POST', '/action', { lock: null });
      break;
    case 'unlock':
      call(cloud, server, 'POST', '/action', { unlock: null });
      break;
    case 'ops-lock':
      try {
        ops.lock(cloud.compute, server, who, null);
      } catch (error) {
        if (!isNovaError(error)) throw error;
      }
      break;
    case 'stop':
      call(cloud, server, 'POST', '/action', { 'os-stop': null });
      break;
    case 'delete':
      call(cloud, server, 'DELETE', '');
      break;
    case 'force-delete':
      call(cloud, server, 'POST', '/action', { forceDelete: null });
      break;
    case 'restore-deleted':
      call(cloud, server, 'POST', '/action', { restore: null });
      break;
    case 'soft-reboot':
      call(cloud, server, 'POST', '/action', { reboot: { type: 'SOFT' } });
      break;
    case 'rebuild':
      call(cloud, server, 'POST', '/action', {
        rebuild: { imageRef: IMAGE, name: `r${arg}`, key_name: null },
      });
      break;
    case 'resize':
      call(cloud, server, 'POST', '/action', { resize: { flavorRef: arg % 2 ? '2' : '1' } });
      break;
    case 'error':
      call(cloud, server, 'POST', '/action', { 'os-resetState': { state: 'error' } });
      break;
    case 'metadata':
      call(cloud, server, 'POST', '/metadata', { metadata: { k: `v${arg}` } });
      break;
    case 'attach-port':
      call(cloud, server, 'POST', '/os-interface', { interfaceAttachment: {} });
      break;
    case 'detach-port': {
      const port = server.ports?.[0];
      if (port) call(cloud, server, 'DELETE', `/os-interface/${port.id}`);
      break;
    }
  }
}

function run(initial: Cloud, script: readonly [Command, Query][], finals: readonly Query[]) {
  let cloud = initial;
  let indexed = 0;
  for (const [cmd, q] of script) {
    const servers = [...cloud.compute.servers.values()];
    if (cmd.kind === 'boot') {
      boot(
        cloud,
        {
          name: `s${cmd.key}`,
          count: cmd.n,
          keyName: cmd.key === 0 ? null : `k${cmd.key}`,
          configDrive: cmd.drive,
          tags: TAGS[cmd.tags]!,
          addresses: (i) => [
            {
              network: 'private',
              version: 4,
              addr: `10.0.${cmd.key}.${i + 1}`,
              type: 'fixed',
              mac: 'fa:16:3e:00:00:01',
            },
            {
              network: 'private',
              version: 6,
              addr: `fd00::${cmd.key}:${i + 1}`,
              type: 'fixed',
              mac: 'fa:16:3e:00:00:01',
            },
          ],
        },
        { projectId: PROJECTS[cmd.project]!, userId: 'u', isAdmin: false, requestId: 'r' },
      );
    } else if (cmd.kind === 'post') {
      cloud.request({
        method: 'POST',
        path: '/v2.1/servers',
        headers: V,
        auth: { projectId: PROJECTS[cmd.project]!, userId: 'u', roles: ['member'] },
        body: {
          server: {
            name: 'p',
            imageRef: IMAGE,
            flavorRef: '1',
            networks: 'auto',
            min_count: cmd.n,
          },
        },
      });
    } else if (cmd.kind === 'advance') {
      cloud.clock.advance(cmd.ms);
    } else if (cmd.kind === 'restore') {
      cloud = createCloud({ restore: cloud.snapshot() });
    } else if (servers.length > 0) {
      write(cloud, servers[cmd.server % servers.length]!, cmd.what, cmd.arg);
    }
    if (compare(cloud, q)) indexed++;
  }
  for (const q of finals) if (compare(cloud, q)) indexed++;
  return indexed;
}

describe('the indexes per filter and sort key answer as a scan does', () => {
  it('on random clouds written through every path, every filter and sort key', () => {
    let indexed = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(0, 3600),
        fc.array(fc.tuple(command, query), { minLength: 1, maxLength: 25 }),
        fc.array(query, { minLength: 5, maxLength: 20 }),
        (reclaim, script, finals) => {
          // A short retention archives deleted rows within the script's advances.
          const cloud = newCloud({
            reclaimInstanceInterval: reclaim,
            deletedServerRetention: 60,
            listColumnIndexes: true,
          });
          indexed += run(cloud, script, finals);
        },
      ),
      { numRuns: 40, seed: 20_261_207 },
    );
    // Worth something only if the indexed paths actually ran.
    expect(indexed).toBeGreaterThan(200);
  }, 300_000);
});

describe('each write path re-files the row it changes', () => {
  const plain = (over: Partial<Query>): Query => ({
    filter: '',
    sort: undefined,
    dir: undefined,
    admin: true,
    allTenants: false,
    project: 0,
    limit: undefined,
    marker: undefined,
    pick: 2,
    ...over,
  });

  for (const what of WRITES) {
    it(`after ${what}, every sort key and filter`, () => {
      const cloud = newCloud({ reclaimInstanceInterval: 3600, listColumnIndexes: true });
      for (let key = 0; key < 3; key++) {
        run(
          cloud,
          [[{ kind: 'boot', project: 0, n: 2, key, drive: key === 1, tags: key }, plain({})]],
          [],
        );
      }
      run(cloud, [[{ kind: 'post', project: 0, n: 1 }, plain({})]], []);
      cloud.clock.advance(60_000);
      const target = [...cloud.compute.servers.values()][2]!;
      // Far enough from the boots for changes-since to tell the written row apart.
      cloud.clock.advance(600_000);
      write(cloud, target, what, 1);
      const queries: Query[] = [];
      for (const sort of [...SORT_KEYS, 'locked']) {
        for (const dir of ['asc', 'desc'] as const) {
          queries.push(plain({ sort, dir }), plain({ sort, dir, marker: 2 }));
        }
      }
      for (const filter of FILTERS)
        queries.push(plain({ filter }), plain({ filter, sort: 'display_name' }));
      let indexed = 0;
      for (const q of queries) if (compare(cloud, q)) indexed++;
      expect(indexed).toBeGreaterThan(queries.length / 2);
    });
  }
});
