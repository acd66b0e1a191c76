import { didYouMean } from '../../options/did-you-mean.js';
import type { DiagramEdge, DiagramGraph, DiagramNode } from './graph.js';

/** A focus request that names nothing in the machine: the message says what would. */
export class FocusError extends Error {
  override readonly name = 'FocusError';
}

function subgraph(
  graph: DiagramGraph,
  keep: ReadonlySet<string>,
  edges: readonly DiagramEdge[],
  note: string,
): DiagramGraph {
  const groups = graph.groups
    .map((g) => ({ vmState: g.vmState, nodes: g.nodes.filter((n) => keep.has(n.id)) }))
    .filter((g) => g.nodes.length > 0);
  return { initial: keep.has(graph.initial) ? graph.initial : '', groups, edges, notes: [note] };
}

const nodesOf = (graph: DiagramGraph): DiagramNode[] => graph.groups.flatMap((g) => g.nodes);

/**
 * The states that show one API status, with every transition into or out of them and the
 * states at their other ends: one step either side.
 *
 * @example
 * focusAround(machineGraph(machine), 'VERIFY_RESIZE');
 */
export function focusAround(graph: DiagramGraph, status: string): DiagramGraph {
  const nodes = nodesOf(graph);
  const wanted = status.toUpperCase();
  const core = new Set(nodes.filter((n) => n.status === wanted).map((n) => n.id));
  if (core.size === 0) {
    const statuses = [...new Set(nodes.map((n) => n.status))];
    const near = didYouMean(status, statuses);
    throw new FocusError(
      `no state of the machine shows status ${status}${near ? `; did you mean ${near}?` : ''} (one of ${statuses.join(', ')})`,
    );
  }
  const edges = graph.edges.filter((e) => core.has(e.from) || core.has(e.to));
  const keep = new Set([...core, ...edges.flatMap((e) => [e.from, e.to])]);
  return subgraph(graph, keep, edges, `Around ${wanted}: its states and one step either side.`);
}

/**
 * What one event does: every state that takes it, where it leads, and the timed steps
 * from there on until the server rests (an idle state, or one that only events leave).
 * Give it the full graph (`collapse: false`), where the events taken from every state
 * (DELETE…) are edges too.
 *
 * @example
 * focusAction(machineGraph(machine, { collapse: false }), 'REBOOT_HARD');
 */
export function focusAction(graph: DiagramGraph, action: string): DiagramGraph {
  const events = [...new Set(graph.edges.flatMap((e) => (e.event === null ? [] : [e.event])))];
  const event = events.find((e) => e.toLowerCase() === action.toLowerCase().replace(/-/g, '_'));
  if (event === undefined) {
    const near = didYouMean(action, events);
    throw new FocusError(
      `the machine has no event ${action}${near ? `; did you mean ${near}?` : ''} (one of ${events.sort().join(', ')})`,
    );
  }
  const taken = graph.edges.filter((e) => e.event === event);
  const timed = new Map<string, DiagramEdge[]>();
  for (const e of graph.edges) {
    if (e.event === null) timed.set(e.from, [...(timed.get(e.from) ?? []), e]);
  }
  const edges = [...taken];
  const seen = new Set<string>();
  const queue = taken.map((e) => e.to);
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const step of timed.get(id) ?? []) {
      edges.push(step);
      queue.push(step.to);
    }
  }
  const keep = new Set(edges.flatMap((e) => [e.from, e.to]));
  return subgraph(
    graph,
    keep,
    edges,
    `${event}: the states that take it, and the timed steps (dashed in DOT) until the server rests.`,
  );
}
