import { scenarioSchemaText } from '../scenario/schema.js';
import { diagramCommand } from './diagram.js';
import { HELP, isHelpTopic } from './help.js';
import { type CliIo, EXIT, UsageError } from './io.js';
import { replayCommand } from './replay.js';
import { packageVersion } from './version.js';

function schemaCommand(argv: string[], io: CliIo): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(HELP.schema);
    return EXIT.ok;
  }
  if (argv.length > 0) throw new UsageError(`unexpected argument ${argv[0]}`, 'schema');
  io.stdout(scenarioSchemaText());
  return EXIT.ok;
}

const COMMANDS: Readonly<Record<string, (argv: string[], io: CliIo) => number>> = {
  replay: replayCommand,
  diagram: diagramCommand,
  schema: schemaCommand,
};

/**
 * The `nova-sim` command line, callable in-process: returns the exit code (0 success,
 * 1 a failed expectation, 2 bad usage or an invalid scenario).
 *
 * @example
 * const code = main(['replay', 'scenarios/tour.json', '--quiet'], processIo());
 */
export function main(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      io.stderr(HELP.main);
      return EXIT.usage;
    }
    if (command === '--help' || command === '-h') {
      io.stdout(HELP.main);
      return EXIT.ok;
    }
    if (command === '--version') {
      io.stdout(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    if (command === 'help') {
      const topic = rest[0];
      if (topic === undefined) io.stdout(HELP.main);
      else if (isHelpTopic(topic) && topic !== 'main') io.stdout(HELP[topic]);
      else throw new UsageError(`unknown command ${topic}`);
      return EXIT.ok;
    }
    const run = COMMANDS[command];
    if (!run) {
      throw new UsageError(
        command.startsWith('-') ? `unknown option ${command}` : `unknown command ${command}`,
      );
    }
    return run([...rest], io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const where = error.command ? ` ${error.command}` : '';
    io.stderr(`nova-sim${where}: ${error.message}\n`);
    io.stderr(`Run 'nova-sim${where} --help' for usage.\n`);
    return EXIT.usage;
  }
}
