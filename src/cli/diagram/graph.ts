import { type ServerStatus, statusFromState } from '../../compute/status-map.js';

/** One leaf state of the machine: a (vm_state, task_state) pair and the status it shows. */
export interface DiagramNode {
  /** The xstate path, e.g. `active.rebooting`, or `deleted`. */
  readonly id: string;
  readonly vmState: string;
  /** The child key (the task step), or null for a top-level leaf. */
  readonly child: string | null;
  readonly taskState: string | null;
  readonly status: ServerStatus;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  /** The event, or null for a timed step (`after`). */
  readonly event: string | null;
  readonly guard: string | null;
  /** Set when every state of this vm_state takes the event the same way (drawn once). */
  readonly fromGroup: string | null;
}

export interface DiagramGraph {
  readonly initial: string;
  /** vm_states in the machine's order, with their leaves. */
  readonly groups: readonly { readonly vmState: string; readonly nodes: readonly DiagramNode[] }[];
  readonly edges: readonly DiagramEdge[];
  /** Events taken from (almost) every state, summarised instead of drawn. */
  readonly notes: readonly string[];
}

interface StateNodeLike {
  readonly id: string;
  readonly key: string;
  readonly type: string;
  readonly path: readonly string[];
  readonly meta?: { taskState?: string | null };
  readonly states: Readonly<Record<string, StateNodeLike>>;
  readonly initial?: { readonly target: readonly StateNodeLike[] };
  readonly transitions: ReadonlyMap<string, readonly TransitionLike[]>;
  readonly after: readonly TransitionLike[];
}

interface TransitionLike {
  readonly eventType: string;
  readonly target?: readonly StateNodeLike[];
  readonly guard?: unknown;
}

/** What is read of an xstate machine: its root state node. */
export interface MachineLike {
  readonly root: unknown;
}

const pathOf = (node: StateNodeLike) => node.path.join('.');

function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard) return String(guard.type);
  return 'guard';
}

/** A compound target stands for its initial child. */
function leafOf(node: StateNodeLike): StateNodeLike {
  const first = node.initial?.target[0];
  return node.type === 'compound' && first ? leafOf(first) : node;
}

/** Every leaf and every transition, exactly as xstate holds them. */
function rawGraph(machine: MachineLike): {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  initial: string;
} {
  const root = machine.root as unknown as StateNodeLike;
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const visit = (node: StateNodeLike) => {
    const children = Object.values(node.states);
    if (children.length > 0) {
      for (const child of children) visit(child);
      return;
    }
    const [vmState = node.key, child = null] = node.path;
    const taskState = node.meta?.taskState ?? null;
    nodes.push({
      id: pathOf(node),
      vmState,
      child,
      taskState,
      status: statusFromState(vmState, taskState),
    });
    const add = (t: TransitionLike, event: string | null) => {
      for (const target of t.target ?? []) {
        edges.push({
          from: pathOf(node),
          to: pathOf(leafOf(target)),
          event,
          guard: guardName(t.guard),
          fromGroup: null,
        });
      }
    };
    for (const [eventType, list] of node.transitions) {
      if (eventType.startsWith('xstate.after')) continue;
      for (const t of list) add(t, eventType);
    }
    for (const t of node.after) add(t, null);
  };
  visit(root);
  return { nodes, edges, initial: pathOf(leafOf(root)) };
}

const edgeKey = (e: DiagramEdge) => `${e.from}|${e.to}|${e.event}|${e.guard}|${e.fromGroup}`;

function describeTarget(targets: readonly string[], byId: ReadonlyMap<string, DiagramNode>) {
  const nodes = targets.map((id) => byId.get(id)!);
  const first = nodes[0]!;
  if (nodes.every((n) => n.id === first.id)) {
    return `${first.id.replace('.', '/')} (${first.status})`;
  }
  if (first.child !== null && nodes.every((n) => n.child === first.child)) {
    return `its own ${first.child} step`;
  }
  return 'various states';
}

/**
 * The server machine as a graph, read from the xstate definition (never written by hand).
 * With `collapse`, events that (nearly) every state takes, such as DELETE or RESET_ACTIVE,
 * become notes, and an event that every state of one vm_state takes the same way is drawn
 * once for the vm_state.
 */
export function machineGraph(
  machine: MachineLike,
  options: { readonly collapse: boolean } = { collapse: true },
): DiagramGraph {
  const raw = rawGraph(machine);
  let nodes = raw.nodes;
  let edges = raw.edges;
  const notes: string[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));

  if (options.collapse) {
    const live = nodes.filter((n) => n.child !== null);
    const sources = new Map<string, Set<string>>();
    for (const e of edges) {
      if (e.event === null) continue;
      let set = sources.get(e.event);
      if (!set) sources.set(e.event, (set = new Set()));
      set.add(e.from);
    }
    const global = [...sources]
      .filter(([, from]) => from.size * 2 > live.length)
      .map(([event]) => event);
    const globalSet = new Set(global);
    // States entered only by global events (the deleting steps) go into the notes too.
    const incoming = new Map<string, DiagramEdge[]>();
    for (const e of edges) incoming.set(e.to, [...(incoming.get(e.to) ?? []), e]);
    const hidden = new Set(
      nodes
        .filter((n) => {
          const into = incoming.get(n.id) ?? [];
          return (
            n.id !== raw.initial &&
            into.length > 0 &&
            into.every((e) => e.event !== null && globalSet.has(e.event))
          );
        })
        .map((n) => n.id),
    );
    const visible = nodes.filter((n) => !hidden.has(n.id));
    for (const event of global) {
      const taken = edges.filter((e) => e.event === event && !hidden.has(e.from));
      const targets = [...new Set(taken.map((e) => e.to))];
      let text = `${event}: from any state → ${describeTarget(targets, byId)}`;
      const then = edges.filter((e) => hidden.has(e.from) && targets.includes(e.from));
      const thenTargets = [...new Set(then.filter((e) => e.event === null).map((e) => e.to))];
      if (targets.every((t) => hidden.has(t)) && thenTargets.length > 0) {
        text += `, then → ${describeTarget(thenTargets, byId)}`;
      }
      const from = new Set(taken.map((e) => e.from));
      const except = visible.filter((n) => n.child !== null && !from.has(n.id));
      if (except.length > 0 && except.length <= 6) {
        text += ` (except ${except.map((n) => n.id.replace('.', '/')).join(', ')})`;
      } else if (except.length > 6) {
        text += ` (except ${except.length} states)`;
      }
      notes.push(text);
    }
    edges = edges.filter(
      (e) => !(e.event !== null && globalSet.has(e.event)) && !hidden.has(e.from),
    );
    nodes = visible;

    // One edge per vm_state for an event every one of its states takes the same way.
    const grouped: DiagramEdge[] = [];
    const drop = new Set<DiagramEdge>();
    const groupsOf = new Map<string, DiagramNode[]>();
    for (const n of nodes) groupsOf.set(n.vmState, [...(groupsOf.get(n.vmState) ?? []), n]);
    for (const [vmState, members] of groupsOf) {
      if (members.length < 3) continue;
      const ids = new Set(members.map((n) => n.id));
      const byEvent = new Map<string, DiagramEdge[]>();
      for (const e of edges) {
        if (e.event === null || !ids.has(e.from)) continue;
        byEvent.set(e.event, [...(byEvent.get(e.event) ?? []), e]);
      }
      for (const [event, list] of byEvent) {
        const shapes = new Set(list.map((e) => `${e.to}|${e.guard}`));
        const takers = new Set(list.map((e) => e.from));
        const everyone = members.every((n) => takers.has(n.id) || list.some((e) => e.to === n.id));
        if (shapes.size !== 1 || !everyone || takers.size < 3) continue;
        const sample = list[0]!;
        for (const e of list) drop.add(e);
        const anchor = members.find((n) => n.child === 'idle') ?? members[0]!;
        grouped.push({ ...sample, from: anchor.id, fromGroup: vmState, event });
      }
    }
    edges = [...edges.filter((e) => !drop.has(e)), ...grouped];
  }

  const seen = new Set<string>();
  edges = edges.filter((e) => {
    const key = edgeKey(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const groups: { vmState: string; nodes: DiagramNode[] }[] = [];
  for (const n of nodes) {
    let group = groups.find((g) => g.vmState === n.vmState);
    if (!group) groups.push((group = { vmState: n.vmState, nodes: [] }));
    group.nodes.push(n);
  }
  return { initial: raw.initial, groups, edges, notes };
}
