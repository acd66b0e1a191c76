import { createServerMachine } from '../compute/server-machine.js';
import { DEFAULT_CONFIG, stepDuration } from '../config.js';
import { parseCommandArgs } from './args.js';
import { FocusError, focusAction, focusAround } from './diagram/focus.js';
import { machineGraph } from './diagram/graph.js';
import { toDot, toMermaid } from './diagram/render.js';
import { HELP } from './help.js';
import { type CliIo, EXIT, UsageError } from './io.js';

export type DiagramFormat = 'mermaid' | 'dot';

export interface DiagramOptions {
  /** Every transition, without summarising the events every state takes. */
  readonly full?: boolean;
  /** Only the states of this status and one step either side. */
  readonly around?: string;
  /** Only what this event does: the states that take it and the steps that follow. */
  readonly action?: string;
}

/**
 * The server machine of a default cloud, as Mermaid or DOT text; the whole of it, or the
 * part around one status or one action.
 *
 * @example
 * const mermaid = serverDiagram('mermaid');
 * const resize = serverDiagram('mermaid', { around: 'VERIFY_RESIZE' });
 */
export function serverDiagram(format: DiagramFormat, options: DiagramOptions = {}): string {
  const machine = createServerMachine({
    stepMs: (task) => stepDuration(DEFAULT_CONFIG, task),
    offloadAtOnce: DEFAULT_CONFIG.shelvedOffloadTime === 0,
  });
  // An action's walk needs every edge: DELETE and the resets are only notes when collapsed.
  const collapse = options.full !== true && options.action === undefined;
  let graph = machineGraph(machine, { collapse });
  if (options.around !== undefined) graph = focusAround(graph, options.around);
  if (options.action !== undefined) graph = focusAction(graph, options.action);
  const focused = options.around !== undefined || options.action !== undefined;
  return format === 'dot'
    ? toDot(graph, { clusters: focused || options.full !== true })
    : toMermaid(graph);
}

export function diagramCommand(argv: string[], io: CliIo): number {
  const args = parseCommandArgs('diagram', argv, {
    format: { type: 'string' },
    full: { type: 'boolean' },
    around: { type: 'string' },
    action: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (args.flag('help')) {
    io.stdout(HELP.diagram);
    return EXIT.ok;
  }
  if (args.positionals.length > 0) {
    throw new UsageError(`unexpected argument ${args.positionals[0]}`, 'diagram');
  }
  const format = args.string('format') ?? 'mermaid';
  if (format !== 'mermaid' && format !== 'dot') {
    throw new UsageError(`--format must be mermaid or dot, not ${format}`, 'diagram');
  }
  const around = args.string('around');
  const action = args.string('action');
  try {
    io.stdout(
      serverDiagram(format, {
        full: args.flag('full'),
        ...(around === undefined ? {} : { around }),
        ...(action === undefined ? {} : { action }),
      }),
    );
  } catch (error) {
    if (error instanceof FocusError) throw new UsageError(error.message, 'diagram');
    throw error;
  }
  return EXIT.ok;
}
