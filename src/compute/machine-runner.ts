import { initialTransition, type SnapshotFrom, transition } from 'xstate';
import type { Decision, EffectName, ServerContext, ServerMachine } from './server-machine.js';
import type { PowerState, TaskState, VmState } from './states.js';
import { type ServerStatus, statusFromState } from './status-map.js';

type Snapshot = SnapshotFrom<ServerMachine>;

/**
 * One machine state, interned: every server in the same (state, context) shares this object,
 * so a server costs one pointer of machine state however many there are.
 */
export interface MachineState {
  /** Stable text key: the state value and context, e.g. `active.idle|1|0`. */
  readonly key: string;
  readonly vmState: VmState;
  readonly taskState: TaskState | null;
  readonly powerState: PowerState;
  readonly stopOnFinish: boolean;
  readonly decision: Decision | undefined;
  /** The API status of a server in this state while its row is not deleted (Nova's status map). */
  readonly status: ServerStatus;
  readonly snapshot: Snapshot;
}

/** What one accepted event did. */
export interface Step {
  readonly state: MachineState;
  /** Named side effects for the compute layer, in the machine's order. */
  readonly effects: readonly EffectName[];
  /** The next timed step the entered state asks for, if any. */
  readonly delayed: { readonly event: string; readonly ms: number } | undefined;
  /** Whether a pending timed step was cancelled by leaving its state. */
  readonly cancelled: boolean;
}

/** The plain-JSON form of a machine state, as kept in cloud snapshots. */
export interface MachineStateJSON {
  readonly value: string | Record<string, string>;
  readonly context: ServerContext;
}

/**
 * Drives the xstate machine through xstate's pure `transition()` and memoises every
 * (state, event) outcome: xstate decides each distinct transition once, and the thousands
 * of servers that repeat it reuse the interned result. No actor, so no wall clock and no
 * Math.random inside xstate; timed steps are handed back for the virtual clock to schedule.
 *
 * @example
 * const runner = new MachineRunner(createServerMachine(timings));
 * const step = runner.send(runner.initial().state, 'DELETE');
 */
export class MachineRunner {
  readonly machine: ServerMachine;
  private readonly states = new Map<string, MachineState>();
  /**
   * Memoised outcomes by interned state, then event. Keyed by the state object rather than a
   * `key + event` string so that the hot path builds no string per send.
   */
  private readonly steps = new Map<MachineState, Map<string, Step | null>>();
  private readonly start: Step;

  constructor(machine: ServerMachine) {
    this.machine = machine;
    const [snapshot, actions] = initialTransition(machine);
    this.start = this.toStep(snapshot, actions as readonly ActionLike[]);
  }

  /** The building/scheduling state a new server starts in, with its first timed step. */
  initial(): Step {
    return this.start;
  }

  /** Applies an event; undefined when the machine does not accept it in this state. */
  send(state: MachineState, event: string): Step | undefined {
    let known = this.steps.get(state);
    if (known === undefined) this.steps.set(state, (known = new Map()));
    let step = known.get(event);
    if (step === undefined) {
      const [next, actions] = transition(this.machine, state.snapshot, { type: event } as never);
      if (next !== state.snapshot) step = this.toStep(next, actions as readonly ActionLike[]);
      // A handled event that changes nothing (a reset to the state it is in) is accepted.
      else if (state.snapshot.can({ type: event } as never))
        step = { state, effects: [], delayed: undefined, cancelled: false };
      else step = null;
      known.set(event, step);
    }
    return step ?? undefined;
  }

  /** Whether the event would be accepted, without changing anything. */
  accepts(state: MachineState, event: string): boolean {
    return this.send(state, event) !== undefined;
  }

  toJSON(state: MachineState): MachineStateJSON {
    return {
      value: state.snapshot.value as MachineStateJSON['value'],
      context: { ...state.snapshot.context },
    };
  }

  fromJSON(json: MachineStateJSON): MachineState {
    // A streamed restore hands many servers one shared state object: resolve it once.
    if (json === this.lastJSON && this.lastState) return this.lastState;
    const state = this.resolve(json);
    this.lastJSON = json;
    this.lastState = state;
    return state;
  }

  private lastJSON: MachineStateJSON | undefined;
  private lastState: MachineState | undefined;

  private resolve(json: MachineStateJSON): MachineState {
    const key = keyOf(json.value, json.context);
    const known = this.states.get(key);
    if (known) return known;
    const snapshot = this.machine.resolveState({
      value: json.value,
      context: json.context,
    } as never);
    return this.intern(snapshot);
  }

  /** The delayed event a state schedules on entry (for restoring a snapshot mid-step). */
  private intern(snapshot: Snapshot): MachineState {
    const key = keyOf(snapshot.value as MachineStateJSON['value'], snapshot.context);
    const known = this.states.get(key);
    if (known) return known;
    const value = snapshot.value as MachineStateJSON['value'];
    const [vmState, child] =
      typeof value === 'string'
        ? [value, undefined]
        : (Object.entries(value)[0] as [string, string]);
    const meta = Object.values(snapshot.getMeta()).at(-1) as
      | { taskState: TaskState | null; decision?: Decision }
      | undefined;
    const taskState = meta ? meta.taskState : ((child ?? null) as TaskState | null);
    const state: MachineState = {
      key,
      vmState: vmState as VmState,
      taskState,
      powerState: snapshot.context.powerState,
      stopOnFinish: snapshot.context.stopOnFinish,
      decision: meta?.decision,
      status: statusFromState(vmState, taskState, false),
      snapshot,
    };
    this.states.set(key, state);
    return state;
  }

  private toStep(snapshot: Snapshot, actions: readonly ActionLike[]): Step {
    const effects: EffectName[] = [];
    let delayed: Step['delayed'];
    let cancelled = false;
    for (const action of actions) {
      if (action.type === 'xstate.raise' && action.params?.delay !== undefined) {
        delayed = { event: action.params.event.type, ms: action.params.delay };
      } else if (action.type === 'xstate.cancel') {
        cancelled = true;
      } else if (!action.type.startsWith('xstate.')) {
        effects.push(action.type as EffectName);
      }
    }
    return { state: this.intern(snapshot), effects, delayed, cancelled };
  }
}

interface ActionLike {
  readonly type: string;
  readonly params?: { readonly delay?: number; readonly event: { readonly type: string } };
}

function keyOf(value: MachineStateJSON['value'], context: ServerContext): string {
  const path =
    typeof value === 'string' ? value : Object.entries(value).map(([k, v]) => `${k}.${v}`)[0];
  return `${path}|${context.powerState}|${context.stopOnFinish ? 1 : 0}`;
}
