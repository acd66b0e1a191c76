// The request programs both sides replay: every action from every stable status, the policy
// personas on every route, and bad input. Plain JSON (see README.md), so the Python driver
// reads the very same list.

import { SETTLED } from './generate.mjs';

const V = '2.93';

const boot = (save, extra = {}) => ({
  method: 'POST',
  path: '/servers',
  version: V,
  body: {
    server: { name: save, imageRef: '$image', flavorRef: '1', networks: 'none', ...extra },
  },
  save: { [save]: 'server.id' },
});
const act = (server, body, as = 'member', version = V) => ({
  as,
  method: 'POST',
  path: `/servers/$${server}/action`,
  version,
  body,
});
const wait = (server, status) => ({ wait: `$${server}`, status });

/** How to bring a fresh server into each origin status, and the status it then shows. */
const ORIGINS = {
  active: [[], 'ACTIVE'],
  stopped: [[{ 'os-stop': null }], 'SHUTOFF'],
  paused: [[{ pause: null }], 'PAUSED'],
  shelved_offloaded: [[{ shelve: null }], 'SHELVED_OFFLOADED'],
  resized: [[{ resize: { flavorRef: '2' } }], 'VERIFY_RESIZE'],
  error: [[{ 'os-resetState': { state: 'error' } }], 'ERROR'],
  suspended: [[{ suspend: null }], 'SUSPENDED'],
  rescued: [[{ rescue: null }], 'RESCUE'],
  locked: [[{ lock: null }], 'ACTIVE'],
};

/** Each action once: [label, body, persona]. */
const ACTIONS = [
  ['pause', { pause: null }],
  ['unpause', { unpause: null }],
  ['suspend', { suspend: null }],
  ['resume', { resume: null }],
  ['stop', { 'os-stop': null }],
  ['start', { 'os-start': null }],
  ['reboot-soft', { reboot: { type: 'SOFT' } }],
  ['reboot-hard', { reboot: { type: 'HARD' } }],
  ['lock', { lock: null }],
  ['unlock', { unlock: null }],
  ['rescue', { rescue: null }],
  ['unrescue', { unrescue: null }],
  ['shelve', { shelve: null }],
  ['shelveOffload', { shelveOffload: null }, 'admin'],
  ['unshelve', { unshelve: null }],
  ['resize', { resize: { flavorRef: '2' } }],
  ['confirmResize', { confirmResize: null }],
  ['revertResize', { revertResize: null }],
  ['rebuild', { rebuild: { imageRef: '$image' } }],
  ['createImage', { createImage: { name: 'snap' } }],
  ['createBackup', { createBackup: { name: 'b', backup_type: 'daily', rotation: 1 } }],
  ['changePassword', { changePassword: { adminPass: 'pw' } }],
  ['consoleOutput', { 'os-getConsoleOutput': {} }],
  ['crashDump', { trigger_crash_dump: null }],
  ['resetState', { 'os-resetState': { state: 'active' } }, 'admin'],
  ['migrate', { migrate: null }, 'admin'],
  ['forceDelete', { forceDelete: null }],
  ['restore', { restore: null }],
  ['addSecurityGroup', { addSecurityGroup: { name: 'default' } }],
];

function fromOrigin(origin) {
  const [setup, status] = ORIGINS[origin];
  const steps = [];
  // One server per action, deleted once it settles: the project stays under its quotas.
  ACTIONS.forEach(([label, body, as], i) => {
    const s = `s${i}`;
    steps.push(boot(s), wait(s, 'ACTIVE'));
    for (const b of setup) {
      steps.push(act(s, b, Object.hasOwn(b, 'os-resetState') ? 'admin' : 'member'));
    }
    if (setup.length) steps.push(wait(s, status));
    steps.push({ ...act(s, body, as), label }, wait(s, SETTLED));
    steps.push(
      { as: 'admin', method: 'DELETE', path: `/servers/$${s}`, version: V },
      wait(s, 'DELETED'),
    );
  });
  return { name: `actions-from-${origin}`, steps };
}

const READS = [
  '/servers',
  '/servers/detail',
  '/servers/$s',
  '/servers/$s/metadata',
  '/servers/$s/ips',
  '/servers/$s/os-instance-actions',
  '/servers/$s/os-security-groups',
  '/servers/$s/os-volume_attachments',
  '/servers/$s/tags',
  '/servers/$s/topology',
  '/os-server-groups',
  '/os-keypairs',
  '/limits',
  '/os-quota-sets/$project',
  '/os-quota-sets/$project/defaults',
  '/flavors/1/os-extra_specs',
  '/flavors/detail',
  '/os-availability-zone',
  '/os-hypervisors',
  '/os-services',
  '/os-aggregates',
  '/os-migrations',
];

const WRITES = [
  ['PUT', '/servers/$s', { server: { name: 'y' } }],
  ['POST', '/servers/$s/metadata', { metadata: { a: 'b' } }],
  ['PUT', '/servers/$s/metadata', { metadata: { a: 'b' } }],
  ['PUT', '/servers/$s/metadata/a', { meta: { a: 'b' } }],
  ['DELETE', '/servers/$s/metadata/a'],
  ['PUT', '/servers/$s/tags/t'],
  ['DELETE', '/servers/$s/tags'],
  ['POST', '/os-server-groups', { server_group: { name: 'g', policies: ['affinity'] } }],
  [
    'POST',
    '/servers',
    { server: { name: 'x', imageRef: '$image', flavorRef: '1', networks: 'none' } },
  ],
  ...ACTIONS.map(([, body]) => ['POST', '/servers/$s/action', body]),
  ['DELETE', '/servers/$s'],
];

function personas(as) {
  const steps = [boot('s'), wait('s', 'ACTIVE')];
  for (const path of READS) steps.push({ as, method: 'GET', path, version: V });
  for (const [method, path, body] of WRITES) {
    steps.push({ as, method, path, version: V, ...(body ? { body } : {}) });
  }
  return { name: `persona-${as}`, steps };
}

const badInput = {
  name: 'bad-input',
  steps: [
    boot('s'),
    wait('s', 'ACTIVE'),
    { method: 'POST', path: '/servers', version: V, body: { server: { name: 'x' } } },
    {
      method: 'POST',
      path: '/servers',
      version: V,
      body: { server: { name: 'x', imageRef: '$image', flavorRef: 'nope', networks: 'none' } },
    },
    {
      method: 'POST',
      path: '/servers',
      version: V,
      body: { server: { name: 'x', imageRef: 'nope', flavorRef: '1', networks: 'none' } },
    },
    {
      method: 'POST',
      path: '/servers',
      version: V,
      body: { server: { name: 'x', imageRef: '$image', flavorRef: '1' } },
    },
    {
      method: 'POST',
      path: '/servers',
      version: '2.1',
      body: { server: { name: '', imageRef: '$image', flavorRef: '1' } },
    },
    { method: 'POST', path: '/servers/$s/action', version: V, body: { frobnicate: null } },
    {
      method: 'POST',
      path: '/servers/$s/action',
      version: V,
      body: { pause: null, unpause: null },
    },
    { method: 'POST', path: '/servers/$s/action', version: V, body: { reboot: { type: 'WARM' } } },
    {
      method: 'POST',
      path: '/servers/$s/action',
      version: V,
      body: { resize: { flavorRef: '99' } },
    },
    {
      method: 'POST',
      path: '/servers/$s/action',
      version: V,
      body: { rebuild: { imageRef: 'x' } },
    },
    { method: 'POST', path: '/servers/nope/action', version: V, body: { pause: null } },
    { method: 'GET', path: '/servers/nope', version: V },
    { method: 'GET', path: '/flavors/nope', version: V },
    { method: 'GET', path: '/servers/$s/metadata/missing', version: V },
    { method: 'PUT', path: '/servers/$s/metadata/a', version: V, body: { meta: { b: 'c' } } },
    { method: 'GET', path: '/servers?limit=-1', version: V },
    { method: 'GET', path: '/servers?sort_key=bogus', version: V },
    { method: 'GET', path: '/servers', version: '3.0' },
    { method: 'GET', path: '/servers', version: '2.94' },
    { method: 'PUT', path: '/servers/$s/tags/a,b', version: V },
    { method: 'GET', path: '/servers/$s/tags/none', version: V },
    { method: 'POST', path: '/os-keypairs', version: V, body: { keypair: { name: 'bad name!' } } },
    { method: 'POST', path: '/os-keypairs', version: V, body: { keypair: { name: 'k' } } },
    { method: 'POST', path: '/os-keypairs', version: V, body: { keypair: { name: 'k' } } },
    { method: 'GET', path: '/os-keypairs/k', version: V },
    { method: 'DELETE', path: '/os-keypairs/k', version: V },
    { method: 'GET', path: '/os-keypairs/k', version: V },
    {
      method: 'POST',
      path: '/os-server-groups',
      version: V,
      body: { server_group: { name: 'g', policy: 'bogus' } },
    },
    {
      method: 'POST',
      path: '/os-server-groups',
      version: V,
      body: { server_group: { name: 'g', policy: 'anti-affinity' } },
      save: { g: 'server_group.id' },
    },
    { method: 'GET', path: '/os-server-groups/$g', version: V },
    { as: 'other', method: 'GET', path: '/os-server-groups/$g', version: V },
    { method: 'DELETE', path: '/os-server-groups/$g', version: V },
    { method: 'GET', path: '/flavors/1', version: V },
    { method: 'GET', path: '/flavors', version: V },
    { method: 'GET', path: '/servers/$s/os-instance-actions', version: V },
  ],
};

const lifecycle = {
  name: 'lifecycle',
  steps: [
    boot('s'),
    wait('s', 'ACTIVE'),
    { method: 'GET', path: '/servers/$s', version: V },
    { method: 'GET', path: '/servers/detail', version: V },
    { method: 'GET', path: '/servers', version: V },
    act('s', { createImage: { name: 'snap' } }),
    act('s', { lock: null }),
    act('s', { lock: null }),
    act('s', { lock: null }, 'admin'),
    act('s', { unlock: null }),
    act('s', { unlock: null }, 'admin'),
    act('s', { resize: { flavorRef: '2' } }),
    wait('s', 'VERIFY_RESIZE'),
    { method: 'GET', path: '/servers/$s', version: V },
    act('s', { confirmResize: null }),
    wait('s', 'ACTIVE'),
    { method: 'GET', path: '/servers/$s', version: V },
    act('s', { shelve: null }),
    wait('s', 'SHELVED_OFFLOADED'),
    { method: 'GET', path: '/servers/$s', version: V },
    act('s', { unshelve: null }),
    wait('s', 'ACTIVE'),
    { method: 'GET', path: '/servers/$s/os-instance-actions', version: V },
    { method: 'DELETE', path: '/servers/$s', version: V },
    wait('s', 'DELETED'),
    { method: 'GET', path: '/servers/$s', version: V },
  ],
};

/**
 * A forced `zone:host:node` on create (docs/check-order.md steps 4 and 11), create's block
 * device lookups against the key pair's, and a forced live migration to the server's own
 * host: what the harness's one host can show. The member reads the ERROR servers: an admin
 * would see the fault's `details`, a traceback the simulator does not make up.
 */
const adminBoot = (save, extra) => ({ ...boot(save, extra), as: 'admin' });
const forcedHosts = {
  name: 'forced-hosts',
  steps: [
    adminBoot('a', { availability_zone: 'nova:nope' }),
    wait('a', 'ERROR'),
    { method: 'GET', path: '/servers/$a', version: V },
    adminBoot('b', { availability_zone: 'nova:compute:nope' }),
    wait('b', 'ERROR'),
    { method: 'GET', path: '/servers/$b', version: V },
    adminBoot('c', { availability_zone: 'nova::nope' }),
    wait('c', 'ERROR'),
    { method: 'GET', path: '/servers/$c', version: V },
    boot('d', { availability_zone: 'bogus:' }),
    wait('d', 'ACTIVE'),
    adminBoot('e', { availability_zone: 'bogus:compute' }),
    wait('e', 'ACTIVE'),
    { as: 'admin', method: 'GET', path: '/servers/$e', version: V },
    adminBoot('f', { availability_zone: 'nova::fake-mini' }),
    wait('f', 'ACTIVE'),
    boot('g', { availability_zone: 'bogus' }),
    boot('h', {
      key_name: 'nope',
      block_device_mapping_v2: [
        { boot_index: 0, uuid: '$image', source_type: 'image', destination_type: 'local' },
        {
          boot_index: 1,
          uuid: '00000000-0000-4000-8000-0000000000ee',
          source_type: 'volume',
          destination_type: 'volume',
        },
      ],
    }),
    act('d', { 'os-migrateLive': { host: 'compute', block_migration: 'auto' } }, 'admin', '2.25'),
    { as: 'admin', method: 'GET', path: '/servers/$d', version: V },
    ...['a', 'b', 'c', 'd', 'e', 'f'].flatMap((s) => [
      { method: 'DELETE', path: `/servers/$${s}`, version: V, as: 'admin' },
      wait(s, 'DELETED'),
    ]),
  ],
};

/**
 * Explicit CPU resources (hardware.numa_get_constraints' 400s, NoValidHost for PCPU, which
 * no host reports) and an interface attach and detach with their compute events (the
 * harness's network_1 is the simulator's `private`). The admin reads the actions' events.
 */
const flavorWith = (id, vcpus, specs) => [
  {
    as: 'admin',
    method: 'POST',
    path: '/flavors',
    version: V,
    body: { flavor: { name: id, ram: 512, vcpus, disk: 1, id } },
  },
  {
    as: 'admin',
    method: 'POST',
    path: `/flavors/${id}/os-extra_specs`,
    version: V,
    body: { extra_specs: specs },
  },
];
const NETWORK_1 = '3cb9bc59-5699-4588-a4b1-b87f96708bc6';
const lastActionEvents = (server, save) => [
  {
    method: 'GET',
    path: `/servers/$${server}/os-instance-actions`,
    version: V,
    save: { [save]: 'instanceActions.0.request_id' },
  },
  {
    as: 'admin',
    method: 'GET',
    path: `/servers/$${server}/os-instance-actions/$${save}`,
    version: V,
  },
  { method: 'GET', path: `/servers/$${server}/os-instance-actions/$${save}`, version: V },
];
const cpuAndInterfaces = {
  name: 'cpu-and-interfaces',
  steps: [
    ...flavorWith('pin-policy', 1, { 'hw:cpu_policy': 'dedicated', 'resources:PCPU': '1' }),
    boot('a', { flavorRef: 'pin-policy' }),
    ...flavorWith('pin-both', 1, { 'resources:VCPU': '1', 'resources:PCPU': '1' }),
    boot('a', { flavorRef: 'pin-both' }),
    ...flavorWith('pin-count', 1, { 'resources:PCPU': '2' }),
    boot('a', { flavorRef: 'pin-count' }),
    ...flavorWith('pin', 1, { 'resources:PCPU': '1' }),
    boot('p', { flavorRef: 'pin' }),
    wait('p', 'ERROR'),
    { method: 'GET', path: '/servers/$p', version: V },
    boot('s'),
    wait('s', 'ACTIVE'),
    {
      method: 'POST',
      path: '/servers/$s/os-interface',
      version: V,
      body: { interfaceAttachment: { net_id: NETWORK_1 } },
      save: { port: 'interfaceAttachment.port_id' },
    },
    ...lastActionEvents('s', 'r1'),
    {
      method: 'POST',
      path: '/servers/$s/os-interface',
      version: V,
      body: { interfaceAttachment: { port_id: '$port' } },
    },
    ...lastActionEvents('s', 'r2'),
    { method: 'DELETE', path: '/servers/$s/os-interface/$port', version: V },
    ...lastActionEvents('s', 'r3'),
    { method: 'DELETE', path: '/servers/$s', version: V },
    wait('s', 'DELETED'),
  ],
};

/** Every program, in a stable order. */
export function programs() {
  return [
    lifecycle,
    badInput,
    forcedHosts,
    cpuAndInterfaces,
    personas('reader'),
    personas('other'),
    personas('member'),
    ...Object.keys(ORIGINS).map(fromOrigin),
  ];
}
