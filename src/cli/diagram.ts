import { createServerMachine } from '../compute/server-machine.js';
import { DEFAULT_CONFIG, stepDuration } from '../config.js';
import { parseCommandArgs } from './args.js';
import { machineGraph } from './diagram/graph.js';
import { toDot, toMermaid } from './diagram/render.js';
import { HELP } from './help.js';
import { type CliIo, EXIT, UsageError } from './io.js';

export type DiagramFormat = 'mermaid' | 'dot';

/**
 * The server machine of a default cloud, as Mermaid or DOT text.
 *
 * @example
 * const mermaid = serverDiagram('mermaid');
 */
export function serverDiagram(format: DiagramFormat, options: { full?: boolean } = {}): string {
  const machine = createServerMachine({
    stepMs: (task) => stepDuration(DEFAULT_CONFIG, task),
    offloadAtOnce: DEFAULT_CONFIG.shelvedOffloadTime === 0,
  });
  const graph = machineGraph(machine, { collapse: options.full !== true });
  return format === 'dot' ? toDot(graph, { clusters: options.full !== true }) : toMermaid(graph);
}

export function diagramCommand(argv: string[], io: CliIo): number {
  const args = parseCommandArgs('diagram', argv, {
    format: { type: 'string' },
    full: { type: 'boolean' },
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
  io.stdout(serverDiagram(format, { full: args.flag('full') }));
  return EXIT.ok;
}
