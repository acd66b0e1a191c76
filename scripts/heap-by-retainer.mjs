// Where a server's heap goes: grows a cloud as bench/curves.js does (multi-creates of
// 10,000 named `bench-<n>`), writes a V8 heap snapshot, and prints the bytes and objects
// per server of each kind of node, charged to its first retainer (the property or element
// that holds it, and the holder's kind). Run after `npm run build`:
//   node --expose-gc --max-old-space-size=8192 scripts/heap-by-retainer.mjs [servers] [depth]
// (50,000 servers by default: a ~190 MB snapshot, parsed in ~3 GB; depth 2 by default.)

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { bigCloud, grow } from '../bench/curves.js';

const SERVERS = Number(process.argv[2] ?? 50_000);
const DEPTH = Number(process.argv[3] ?? 2);
const ROWS = 40;

if (typeof gc !== 'function') throw new Error('run with node --expose-gc');

/** Each node's first strong retainer (a named edge preferred to a hidden one). */
function firstRetainers(snapshot) {
  const { meta } = snapshot.snapshot;
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const edgeTypes = meta.edge_types[0];
  const edgeCount = meta.node_fields.indexOf('edge_count');
  const { nodes, edges } = snapshot;
  const count = nodes.length / nodeFields;
  const from = new Int32Array(count).fill(-1);
  const via = new Int32Array(count).fill(-1);
  for (let node = 0, e = 0; node < count; node++) {
    for (let k = nodes[node * nodeFields + edgeCount]; k > 0; k--, e += edgeFields) {
      const type = edgeTypes[edges[e]];
      if (type === 'weak' || type === 'shortcut') continue;
      const to = edges[e + 2] / nodeFields;
      const held = from[to] !== -1;
      if (held && !(edgeTypes[edges[via[to]]] === 'hidden' && type !== 'hidden')) continue;
      from[to] = node;
      via[to] = e;
    }
  }
  return { from, via };
}

/** Bytes and objects per server by "kind < edge < holder's kind", largest first. */
function table(snapshot, servers) {
  const { meta } = snapshot.snapshot;
  const nodeFields = meta.node_fields.length;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const { nodes, edges, strings } = snapshot;
  const { from, via } = firstRetainers(snapshot);
  const named = new Set(['object', 'native', 'closure', 'hidden', 'code']);
  const kind = (node) => {
    const type = nodeTypes[nodes[node * nodeFields]];
    const name = named.has(type) ? strings[nodes[node * nodeFields + 1]].slice(0, 30) : '';
    return `${type}:${name}`;
  };
  const edgeName = (e) => {
    const type = edgeTypes[edges[e]];
    return type === 'element' ? '[]' : type === 'hidden' ? '(h)' : strings[edges[e + 1]];
  };
  const totals = new Map();
  for (let node = 0; node < nodes.length / nodeFields; node++) {
    let key = kind(node);
    for (let at = node, d = 0; d < DEPTH && from[at] !== -1; d++, at = from[at])
      key += ` < ${edgeName(via[at])} < ${kind(from[at])}`;
    const total = totals.get(key) ?? { bytes: 0, objects: 0 };
    total.bytes += nodes[node * nodeFields + 3];
    total.objects += 1;
    totals.set(key, total);
  }
  return [...totals]
    .sort(([, a], [, b]) => b.bytes - a.bytes)
    .slice(0, ROWS)
    .map(
      ([key, t]) =>
        `${(t.bytes / servers).toFixed(1).padStart(7)} B ${(t.objects / servers).toFixed(2).padStart(5)}  ${key}`,
    );
}

const cloud = bigCloud();
grow(cloud, SERVERS);
gc();
gc();
console.log(
  `heap used ${(process.memoryUsage().heapUsed / SERVERS).toFixed(1)} B per server (all of it)`,
);
const dir = mkdtempSync(join(tmpdir(), 'heap-'));
try {
  const file = writeHeapSnapshot(join(dir, 'cloud.heapsnapshot'));
  if (cloud.compute.servers.size < SERVERS) throw new Error('servers missing');
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  console.log('  bytes  objs  (per server) node < edge < holder');
  for (const line of table(snapshot, SERVERS)) console.log(line);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
