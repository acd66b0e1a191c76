// Known, justified differences between Nova 26.2.2 (Zed) in its functional harness and the
// simulator, which follows Nova master. docs/differential.md tells each one's cause.

import { sameUpToTies } from './ties.mjs';

const listIn = (text) =>
  [...(String(text).match(/\[([^\]]*)\]/)?.[1] ?? '').matchAll(/'([^']*)'/g)]
    .map((m) => m[1])
    .sort()
    .join(',');

/** Libvirt's power state (what the simulator shows) where Nova's fake driver keeps another. */
const LIBVIRT_POWER_STATE = { PAUSED: '3', SUSPENDED: '4', RESCUE: '1' };
/** The statuses os-resetState sets (vm_state error or active). */
const RESET_STATES = new Set(['ERROR', 'ACTIVE']);

/** [kind, id, test]: test gets (program, step, diff) and says whether the entry applies. */
export const KNOWN = [
  [
    'value',
    'fake-driver-power-state',
    // ERROR or ACTIVE: os-resetState (to error or to active) keeps the power state an
    // earlier pause, suspend or rescue left, and nothing syncs it back before the next read.
    (_p, _s, d) =>
      d.path === 'server.OS-EXT-STS:power_state' &&
      (d.nova === '1' || d.nova === '4') &&
      (LIBVIRT_POWER_STATE[d.simStatus] === d.sim ||
        (RESET_STATES.has(d.simStatus) && Object.values(LIBVIRT_POWER_STATE).includes(d.sim))),
  ],
  [
    'value',
    'harness-cast-as-call',
    (_p, s, d) =>
      (d.path === 'server.status' ||
        d.path === 'server.OS-EXT-STS:task_state' ||
        d.path === 'server.OS-EXT-STS:vm_state') &&
      s.body !== undefined &&
      s.body !== null &&
      'rebuild' in s.body,
  ],
  [
    'keys',
    'harness-cast-as-call',
    (_p, s, d) => d.path === 'server.progress' && s.body !== undefined && 'rebuild' in s.body,
  ],
  [
    'status',
    'harness-cast-as-call',
    (_p, _s, d) => d.nova === 500 && String(d.novaMessage).includes('NoValidHost'),
  ],
  [
    'status',
    'harness-neutron-fixture',
    (_p, s, d) =>
      d.nova === 500 &&
      String(d.novaMessage).includes('AttributeError') &&
      s.body !== undefined &&
      ('addSecurityGroup' in s.body || 'removeSecurityGroup' in s.body),
  ],
  [
    'fault',
    'zed-keypair-name-schema',
    (_p, _s, d) =>
      d.nova.startsWith(
        "badRequest: An invalid 'name' value was provided. The name must be: Only expected characters",
      ) && d.sim.startsWith('badRequest: Invalid input for field/attribute name.'),
  ],
  [
    'fault',
    'zed-jsonschema-size-words',
    // Zed's jsonschema (4.10) says "is too short" / "is too long" where master's (4.26)
    // says "should be non-empty" / "is expected to be empty" for limits of 1 and 0.
    (_p, _s, d) =>
      d.nova.replace(/(is too short|does not have enough properties)$/, 'should be non-empty') ===
        d.sim ||
      d.nova.replace(/(is too long|has too many properties)$/, 'is expected to be empty') === d.sim,
  ],
  [
    'fault',
    'python-set-order',
    (_p, _s, d) =>
      d.nova.startsWith('badRequest: Invalid input for query parameters sort_key') &&
      listIn(d.nova) === listIn(d.sim),
  ],
  [
    'value',
    'zed-shelved-delete-action',
    // Master records `delete` when a shelved-offloaded server is deleted locally; Zed did not.
    (_p, _s, d) =>
      d.path === 'instanceActions[].action' &&
      JSON.stringify(JSON.parse(d.sim).filter((action) => action !== 'delete')) === d.nova &&
      JSON.parse(d.sim)[0] === 'delete',
  ],
  [
    'value',
    'uuid-tie-order',
    (_p, _s, d) =>
      d.path === 'servers[].name' && sameUpToTies(JSON.parse(d.nova), JSON.parse(d.sim), d.ties),
  ],
  [
    'keys',
    'sample-flavor-extra-specs',
    (_p, _s, d) =>
      d.path.startsWith('flavors[].extra_specs.') || d.path.startsWith('flavor.extra_specs.'),
  ],
];

/** The id of a known difference, or undefined when it is unexplained. */
export function classify(program, step, diff) {
  for (const [kind, id, test] of KNOWN) {
    if (kind === diff.kind && test(program, step, diff)) return id;
  }
  return undefined;
}
