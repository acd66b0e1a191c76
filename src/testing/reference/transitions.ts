import type { ActionTable, RefAction } from './actions.js';
import type { SequenceTable, Trigger } from './sequences.js';
import { pairKey, REF_TASK_STATES, type RefTaskState, type StatePair } from './states.js';

/**
 * The sequence table compiled into edges between (vm_state, task_state) pairs: which
 * edges an API request may take (the first step of its action's walks, every step for a
 * synchronous action) and which the compute may take while the clock runs.
 */
export interface TransitionGraph {
  /** May `action`'s request move a server from `from` to `to`? */
  allowedInRequest(action: RefAction, from: StatePair, to: StatePair): boolean;
  /** May the cloud itself (timers, periodic tasks, failures) move a server so? */
  allowedInCompute(from: StatePair, to: StatePair): boolean;
  /** The states an accepted `action` may leave the server in, from `from`; empty: none known. */
  afterAccepted(action: RefAction, from: StatePair): readonly StatePair[];
}

const edge = (from: StatePair, to: StatePair) => `${pairKey(from)}>${pairKey(to)}`;

/**
 * Compiles a sequence table.
 *
 * @example
 * const graph = compileTransitions(REFERENCE_SEQUENCES, REFERENCE_ACTIONS);
 * graph.allowedInCompute(pair('active', 'pausing'), pair('paused')); // true
 */
export function compileTransitions(
  sequences: SequenceTable,
  actions: ActionTable,
): TransitionGraph {
  const compute = new Set<string>();
  const byAction = new Map<Trigger, Set<string>>();
  const firstSteps = new Map<string, StatePair[]>();
  const add = (trigger: Trigger, from: StatePair, to: StatePair) => {
    let edges = byAction.get(trigger);
    if (!edges) byAction.set(trigger, (edges = new Set()));
    edges.add(edge(from, to));
  };
  for (const row of sequences) {
    const tasks: readonly (RefTaskState | null)[] =
      row.fromTasks === 'any' ? [null, ...REF_TASK_STATES] : (row.fromTasks ?? [null]);
    const synchronous = row.trigger !== 'compute' && actions[row.trigger].synchronous === true;
    for (const vm of row.from) {
      const path: StatePair[] = row.steps.map(([stepVm, task]) => ({
        vm: stepVm === 'X' ? vm : stepVm,
        task,
      }));
      for (const task of tasks) {
        const start: StatePair = { vm, task };
        const first = path[0];
        if (!first) continue;
        if (row.trigger === 'compute') compute.add(edge(start, first));
        else {
          add(row.trigger, start, first);
          const key = `${row.trigger}|${pairKey(start)}`;
          const list = firstSteps.get(key) ?? [];
          list.push(synchronous ? path.at(-1)! : first);
          firstSteps.set(key, list);
        }
      }
      for (let i = 0; i + 1 < path.length; i++) {
        compute.add(edge(path[i]!, path[i + 1]!));
        if (synchronous) add(row.trigger, path[i]!, path[i + 1]!);
      }
    }
  }
  return {
    allowedInRequest: (action, from, to) => byAction.get(action)?.has(edge(from, to)) ?? false,
    allowedInCompute: (from, to) => compute.has(edge(from, to)),
    afterAccepted: (action, from) => firstSteps.get(`${action}|${pairKey(from)}`) ?? [],
  };
}
