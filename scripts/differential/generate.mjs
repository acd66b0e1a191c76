// Generated request programs: a fast-check arbitrary over the steps both sides support
// (boots, server actions from any status, metadata, tags, shows, filtered lists, deletes),
// with each persona and a few microversions up to 2.93, and deliberately wrong steps (wrong
// state, bad bodies, another project's server, a reader writing). A program is plain JSON
// (scripts/differential/README.md), so nova_driver.py replays the very same steps.
//
// One seed gives one program, `gen-<seed>`: `--generate N --seed S` runs seeds S … S+N-1,
// and `--generate 1 --seed S` replays one of them alone.

import fc from 'fast-check';
import {
  actionBody,
  invalidActionBody,
  listQuery,
  listQueryString,
} from '../../dist/testing/index.js';

/** Microversions the steps use: each one changes something the steps touch. */
export const VERSIONS = ['2.1', '2.19', '2.26', '2.47', '2.52', '2.73', '2.90', '2.93'];

/** Server actions the harness runs as Nova does (migrations need a second host: left out). */
export const ACTIONS = [
  'stop',
  'start',
  'rebootSoft',
  'rebootHard',
  'pause',
  'unpause',
  'suspend',
  'resume',
  'lock',
  'unlock',
  'rescue',
  'unrescue',
  'resize',
  'confirmResize',
  'revertResize',
  'shelve',
  'shelveOffload',
  'unshelve',
  'createImage',
  'createBackup',
  'rebuild',
  'changePassword',
  'triggerCrashDump',
  'resetState',
  'restore',
  'forceDelete',
];

/** Actions whose default policy is admin-only: a member is mostly swapped for an admin. */
const ADMIN_ACTIONS = new Set(['shelveOffload', 'resetState', 'createBackup']);

/** Every status a server settles in; waits poll until one of them shows. */
export const SETTLED = [
  'ACTIVE',
  'PAUSED',
  'SUSPENDED',
  'SHUTOFF',
  'SHELVED',
  'SHELVED_OFFLOADED',
  'RESCUE',
  'VERIFY_RESIZE',
  'ERROR',
  'DELETED',
  'SOFT_DELETED',
];

/** The step kinds a generated program is made of (the generator's unit test checks them). */
export const STEP_KINDS = [
  'boot',
  'badBoot',
  'action',
  'badAction',
  'metadata',
  'tags',
  'show',
  'list',
  'instanceActions',
  'update',
  'delete',
];

/** How many servers a program juggles: few enough for the default quotas. */
export const SLOTS = 3;

const persona = fc.constantFrom('member', 'member', 'member', 'member', 'admin', 'reader', 'other');
const version = fc.constantFrom(...VERSIONS);
/** `networks: 'none'` needs 2.37; earlier boots would get ports the two sides name apart. */
const bootVersion = fc.constantFrom(...VERSIONS.filter((v) => Number(v.split('.')[1]) >= 37));
const slot = fc.nat(SLOTS - 1);
const NAMES = ['web', 'db', 'a b', 'wéb', 'node.1'];

const boot = (s, v, as, extra = {}) => ({
  kind: 'boot',
  as,
  method: 'POST',
  path: '/servers',
  version: v,
  body: {
    server: { name: `s${s}`, imageRef: '$image', flavorRef: '1', networks: 'none', ...extra },
  },
  save: { [`s${s}`]: 'server.id' },
});

const BAD_BOOTS = [
  { name: 'x' },
  { name: 'x', imageRef: '$image', flavorRef: 'nope', networks: 'none' },
  { name: 'x', imageRef: 'nope', flavorRef: '1', networks: 'none' },
  { name: 'x', imageRef: '$image', flavorRef: '1', networks: 'none', bogus: 1 },
  { name: '', imageRef: '$image', flavorRef: '1', networks: 'none' },
  { name: 'x', imageRef: '$image', flavorRef: '1', networks: 'none', metadata: { a: 1 } },
  { name: 'x', imageRef: '$image', flavorRef: '1', networks: 'none', min_count: 0 },
  { name: 'x', imageRef: '$image', flavorRef: '99', networks: 'none' },
];

const server = (s) => `/servers/$s${s}`;

/** Arbitraries of one abstract step each, turned into request steps by `materialize`. */
const STEPS = {
  boot: fc
    .record({
      s: slot,
      v: bootVersion,
      as: fc.constantFrom('member', 'member', 'member', 'admin', 'other', 'reader'),
      name: fc.constantFrom(...NAMES),
      meta: fc.boolean(),
    })
    .map(({ s, v, as, name, meta }) => [
      {
        ...boot(s, v, as, { name, ...(meta ? { metadata: { role: name } } : {}) }),
        ...(as === 'reader' ? { save: undefined } : {}),
      },
    ]),
  badBoot: fc
    .record({ v: version, as: persona, body: fc.constantFrom(...BAD_BOOTS) })
    .map(({ v, as, body }) => [
      { kind: 'badBoot', as, method: 'POST', path: '/servers', version: v, body: { server: body } },
    ]),
  action: fc
    .record({ s: slot, v: version, as: persona, action: fc.constantFrom(...ACTIONS) })
    .chain(({ s, v, as, action }) => {
      const who = ADMIN_ACTIONS.has(action) && as === 'member' ? 'admin' : as;
      return actionBody(action, { version: v, isAdmin: who === 'admin' }).map((body) => [
        { kind: 'action', as: who, method: 'POST', path: `${server(s)}/action`, version: v, body },
      ]);
    }),
  badAction: fc.record({ s: slot, v: version, as: persona }).chain(({ s, v, as }) =>
    invalidActionBody({ version: v }).map(({ body }) => [
      {
        kind: 'badAction',
        as,
        method: 'POST',
        path: `${server(s)}/action`,
        version: v,
        body,
      },
    ]),
  ),
  metadata: fc
    .record({
      s: slot,
      v: version,
      as: persona,
      op: fc.constantFrom('post', 'put', 'putKey', 'getKey', 'deleteKey', 'list', 'bad'),
      key: fc.constantFrom('a', 'b'),
    })
    .map(({ s, v, as, op, key }) => {
      const base = `${server(s)}/metadata`;
      const step = { kind: 'metadata', as, version: v };
      switch (op) {
        case 'post':
          return [{ ...step, method: 'POST', path: base, body: { metadata: { [key]: 'v' } } }];
        case 'put':
          return [{ ...step, method: 'PUT', path: base, body: { metadata: { [key]: 'w' } } }];
        case 'putKey':
          return [
            { ...step, method: 'PUT', path: `${base}/${key}`, body: { meta: { [key]: 'x' } } },
          ];
        case 'getKey':
          return [{ ...step, method: 'GET', path: `${base}/${key}` }];
        case 'deleteKey':
          return [{ ...step, method: 'DELETE', path: `${base}/${key}` }];
        case 'list':
          return [{ ...step, method: 'GET', path: base }];
        default:
          return [{ ...step, method: 'POST', path: base, body: { metadata: { [key]: 7 } } }];
      }
    }),
  tags: fc
    .record({
      s: slot,
      v: version,
      as: persona,
      op: fc.constantFrom('add', 'check', 'list', 'replace', 'delete', 'deleteAll', 'bad'),
      tag: fc.constantFrom('t1', 't2'),
    })
    .map(({ s, v, as, op, tag }) => {
      const base = `${server(s)}/tags`;
      const step = { kind: 'tags', as, version: v };
      switch (op) {
        case 'add':
          return [{ ...step, method: 'PUT', path: `${base}/${tag}` }];
        case 'check':
          return [{ ...step, method: 'GET', path: `${base}/${tag}` }];
        case 'list':
          return [{ ...step, method: 'GET', path: base }];
        case 'replace':
          return [{ ...step, method: 'PUT', path: base, body: { tags: [tag, 'x'] } }];
        case 'delete':
          return [{ ...step, method: 'DELETE', path: `${base}/${tag}` }];
        case 'deleteAll':
          return [{ ...step, method: 'DELETE', path: base }];
        default:
          return [{ ...step, method: 'PUT', path: `${base}/a,b` }];
      }
    }),
  show: fc
    .record({ s: slot, v: version, as: persona })
    .map(({ s, v, as }) => [{ kind: 'show', as, method: 'GET', path: server(s), version: v }]),
  list: fc.record({ v: version, as: persona, query: listQuery() }).map(({ v, as, query }) => {
    // Times differ between the two sides (wall clock against virtual clock): no changes-since.
    const { changesSinceAgoMs: _, ...rest } = query;
    const qs = listQueryString(rest, 0, query.allTenants ? { all_tenants: '1' } : {});
    const path = `/servers${query.detail ? '/detail' : ''}${qs ? `?${qs}` : ''}`;
    return [{ kind: 'list', as, method: 'GET', path, version: v }];
  }),
  instanceActions: fc.record({ s: slot, v: version, as: persona }).map(({ s, v, as }) => [
    {
      kind: 'instanceActions',
      as,
      method: 'GET',
      path: `${server(s)}/os-instance-actions`,
      version: v,
    },
  ]),
  update: fc
    .record({
      s: slot,
      v: version,
      as: persona,
      body: fc.constantFrom(
        { server: { name: 'renamed' } },
        { server: { description: 'd' } },
        { server: { name: '' } },
        { server: { bogus: 1 } },
      ),
    })
    .map(({ s, v, as, body }) => [
      { kind: 'update', as, method: 'PUT', path: server(s), version: v, body },
    ]),
  delete: fc
    .record({ s: slot, v: version, as: persona })
    .map(({ s, v, as }) => [{ kind: 'delete', as, method: 'DELETE', path: server(s), version: v }]),
};

const WEIGHTS = {
  boot: 3,
  badBoot: 1,
  action: 12,
  badAction: 2,
  metadata: 2,
  tags: 2,
  show: 2,
  list: 2,
  instanceActions: 1,
  update: 1,
  delete: 1,
};

const anyStep = fc.oneof(
  ...STEP_KINDS.map((kind) => ({ weight: WEIGHTS[kind], arbitrary: STEPS[kind] })),
);

/** After a write on a server, wait until it settles: both sides then compare the status. */
function withWaits(steps) {
  const out = [];
  for (const step of steps) {
    out.push(step);
    const target = step.path.match(/^\/servers\/\$(s\d)/)?.[1] ?? Object.keys(step.save ?? {})[0];
    if (target && step.method !== 'GET') out.push({ wait: `$${target}`, status: SETTLED });
  }
  return out;
}

/**
 * A generated program's steps: a boot for each slot, then `length` random steps.
 *
 * @example
 * fc.sample(programSteps(), { seed: 1, numRuns: 1 })[0]; // [{ kind: 'boot', … }, { wait: '$s0', … }, …]
 */
export function programSteps({ minLength = 60, maxLength = 120 } = {}) {
  const boots = Array.from({ length: SLOTS }, (_, s) => boot(s, '2.93', 'member'));
  return fc
    .array(anyStep, { minLength, maxLength })
    .map((groups) => withWaits([...boots, ...groups.flat()]).map(clean));
}

/** Drops undefined fields (a reader's boot saves nothing): programs are plain JSON. */
function clean(step) {
  return JSON.parse(JSON.stringify(step));
}

/** The program of one seed, named `gen-<seed>`; the same seed always gives the same steps. */
export function generatedProgram(seed, options) {
  const [steps] = fc.sample(programSteps(options), { seed, numRuns: 1 });
  return { name: `gen-${seed}`, seed, steps };
}

/** `count` programs from seeds `seed`, `seed + 1`, … */
export function generatedPrograms(count, seed, options) {
  return Array.from({ length: count }, (_, i) => generatedProgram(seed + i, options));
}
