// The field values the differential compares, beside the key sets: what a client reads
// from an answer to decide what to do next. Ids, times, hosts, addresses and passwords
// are left out, since they differ by nature; UUIDs inside a value are written `<uuid>`.
// docs/differential.md lists the same fields.

/** [path, why it is compared]; `a[].b` takes `b` of each item of the list `a`, in order. */
export const COMPARED_VALUES = [
  ['server.status', 'the status a client waits on'],
  ['server.OS-EXT-STS:vm_state', 'the vm_state behind the status'],
  ['server.OS-EXT-STS:task_state', 'the task a client waits out'],
  ['server.OS-EXT-STS:power_state', 'the power state the view reports'],
  ['server.locked', 'whether actions are refused'],
  ['server.locked_reason', 'the lock reason (2.73)'],
  ['server.name', 'renames and creates'],
  ['server.description', 'the description (2.19)'],
  ['server.metadata', 'metadata writes'],
  ['server.tags', 'tag writes (2.26)'],
  ['server.key_name', 'the key pair'],
  ['server.OS-DCF:diskConfig', 'AUTO or MANUAL after resizes and rebuilds'],
  ['server.config_drive', 'the config drive flag'],
  ['server.flavor.original_name', 'the flavor after a resize (2.47)'],
  ['server.flavor.vcpus', 'the flavor after a resize (2.47)'],
  ['server.flavor.ram', 'the flavor after a resize (2.47)'],
  ['servers[].name', 'which servers a list returns, and in what order'],
  ['servers[].status', 'the statuses a detailed list shows'],
  ['metadata', 'the metadata routes'],
  ['meta', 'the metadata item routes'],
  ['tags', 'the tag routes'],
  ['instanceActions[].action', 'the actions recorded, newest first'],
  ['instanceAction.action', 'one recorded action'],
  ['instanceAction.events[].event', 'the events of an action'],
  ['instanceAction.events[].result', 'how each event ended'],
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function at(body, path) {
  let values = [body];
  let listed = false;
  for (const part of path.split('.')) {
    const name = part.endsWith('[]') ? part.slice(0, -2) : part;
    values = values.map((v) => (v !== null && typeof v === 'object' ? v[name] : undefined));
    if (part.endsWith('[]')) {
      if (!values.every(Array.isArray)) return undefined;
      values = values.flat();
      listed = true;
    }
  }
  if (listed) return values;
  return values[0];
}

const text = (value) => JSON.stringify(value)?.replace(UUID, '<uuid>');

/** The compared fields whose values differ, each `{ kind: 'value', path, nova, sim }`. */
export function compareValues(novaBody, simBody) {
  const out = [];
  for (const [path] of COMPARED_VALUES) {
    const nova = at(novaBody, path);
    const sim = at(simBody, path);
    // A field only one side has is a key-set difference, reported as such.
    if (nova === undefined || sim === undefined) continue;
    const a = text(nova);
    const b = text(sim);
    if (a !== b)
      out.push({ kind: 'value', path, nova: a, sim: b, simStatus: simBody?.server?.status });
  }
  return out;
}
