// Compares one step's answers: status code, fault name and text, recursive key sets, the
// values of the fields values.mjs lists, and the status a wait reached.
import { compareValues } from './values.mjs';

/** `server.links[].rel`-style paths of every key in a JSON value. */
export function keyPaths(value, prefix = '', out = new Set()) {
  if (Array.isArray(value)) {
    for (const item of value) keyPaths(item, `${prefix}[]`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.add(path);
      keyPaths(child, path, out);
    }
  }
  return out;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Ids differ by nature between the two sides: a message names them as `<uuid>`. */
const normalize = (message) =>
  typeof message === 'string' ? message.replace(UUID, '<uuid>') : message;

function fault(body) {
  if (body === null || typeof body !== 'object') return { name: null, message: String(body) };
  const [name] = Object.keys(body);
  const inner = name === undefined ? undefined : body[name];
  const message = inner && typeof inner === 'object' ? inner.message : undefined;
  return { name: name ?? null, message: normalize(message) ?? null };
}

/**
 * The differences between Nova's and the simulator's answer to one step, each
 * `{ kind, nova, sim, path? }` with kind one of status, fault, keys, value, wait.
 */
export function compareStep(step, nova, sim) {
  if ('wait' in step) {
    return nova.status === sim.status ? [] : [{ kind: 'wait', nova: nova.status, sim: sim.status }];
  }
  if (nova.status !== sim.status) {
    return [
      {
        kind: 'status',
        nova: nova.status,
        sim: sim.status,
        novaMessage: fault(nova.body).message,
        simMessage: fault(sim.body).message,
      },
    ];
  }
  if (nova.status >= 400) {
    const a = fault(nova.body);
    const b = fault(sim.body);
    if (a.name !== b.name || a.message !== b.message) {
      return [{ kind: 'fault', nova: `${a.name}: ${a.message}`, sim: `${b.name}: ${b.message}` }];
    }
    return [];
  }
  const novaKeys = keyPaths(nova.body);
  const simKeys = keyPaths(sim.body);
  const out = [];
  for (const path of novaKeys) {
    if (!simKeys.has(path)) out.push({ kind: 'keys', path, nova: 'present', sim: 'missing' });
  }
  for (const path of simKeys) {
    if (!novaKeys.has(path)) out.push({ kind: 'keys', path, nova: 'missing', sim: 'present' });
  }
  out.push(...compareValues(nova.body, sim.body));
  return out;
}
