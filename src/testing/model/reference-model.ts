import { type ActionTable, REFERENCE_ACTIONS } from '../reference/actions.js';
import { REFERENCE_SEQUENCES, type SequenceTable } from '../reference/sequences.js';
import {
  REFERENCE_STATUS_MAP,
  type RefStatus,
  type StatusMapTable,
  statusOf,
} from '../reference/status-map.js';
import { compileTransitions, type TransitionGraph } from '../reference/transitions.js';

/**
 * The tables every response is checked against: the status map (§1.4), the allowed-state
 * table (§2.2) and the task sequences (§2.3), compiled. Independent of the engine's own
 * tables by construction.
 */
export interface ReferenceModel {
  readonly statusMap: StatusMapTable;
  readonly actions: ActionTable;
  readonly sequences: SequenceTable;
  readonly transitions: TransitionGraph;
  /** Nova's status of a (vm_state, task_state) pair under this model's map. */
  status(vmState: string, taskState: string | null, deleted?: boolean): RefStatus;
}

export interface ReferenceModelOptions {
  readonly statusMap?: StatusMapTable;
  readonly actions?: ActionTable;
  readonly sequences?: SequenceTable;
}

/**
 * Builds the reference model, optionally with tables of your own (a mutation test
 * injects a wrong one and expects the properties to fail).
 *
 * @example
 * const model = createReferenceModel({
 *   statusMap: { ...REFERENCE_STATUS_MAP, stopped: { default: 'ACTIVE', tasks: {} } },
 * });
 */
export function createReferenceModel(options: ReferenceModelOptions = {}): ReferenceModel {
  if (!options.statusMap && !options.actions && !options.sequences) {
    defaultModel ??= buildModel({});
    return defaultModel;
  }
  return buildModel(options);
}

/** The tables as the reference states them, compiled once. */
let defaultModel: ReferenceModel | undefined;

function buildModel(options: ReferenceModelOptions): ReferenceModel {
  const statusMap = options.statusMap ?? REFERENCE_STATUS_MAP;
  const actions = options.actions ?? REFERENCE_ACTIONS;
  const sequences = options.sequences ?? REFERENCE_SEQUENCES;
  return {
    statusMap,
    actions,
    sequences,
    transitions: compileTransitions(sequences, actions),
    status: (vm, task, deleted = false) => statusOf(statusMap, vm, task, deleted),
  };
}
