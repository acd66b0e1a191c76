import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isScenarioError } from '../scenario/errors.js';
import { readScenarioFile } from '../scenario/load.js';
import { type ReplayResult, replay } from '../scenario/run.js';
import { traceToJsonLines } from '../scenario/trace.js';
import type { Scenario } from '../scenario/types.js';
import { parseCommandArgs } from './args.js';
import { HELP } from './help.js';
import { type CliIo, EXIT, painter, UsageError } from './io.js';
import { ProgressLine } from './progress.js';
import { reportHtml } from './report/html.js';
import { summaryLine, TimelinePrinter } from './timeline.js';

/** The files a FILE|DIR argument stands for: a directory's *.json, sorted, schema aside. */
function expand(arg: string): string[] {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(arg);
  } catch {
    throw new UsageError(`no such file: ${arg}`, 'replay');
  }
  if (!stats.isDirectory()) return [arg];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json') && entry.name !== 'schema.json') found.push(path);
    }
  };
  walk(arg);
  if (found.length === 0) throw new UsageError(`no scenario files in ${arg}`, 'replay');
  return found;
}

function parseSeed(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === '') throw new UsageError('--seed needs a value', 'replay');
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`, 'replay');
  }
}

/** `nova-sim replay FILE|DIR... [--seed N] [--trace F] [--report F] [--quiet] [--json]` */
export function replayCommand(argv: string[], io: CliIo): number {
  const args = parseCommandArgs('replay', argv, {
    seed: { type: 'string' },
    trace: { type: 'string' },
    report: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (args.flag('help')) {
    io.stdout(HELP.replay);
    return EXIT.ok;
  }
  if (args.positionals.length === 0) throw new UsageError('no scenario file given', 'replay');
  const seed = parseSeed(args.string('seed'));
  const files = args.positionals.flatMap(expand);

  // Every file is checked before any runs: one bad file, nothing runs.
  const scenarios: { file: string; scenario: Scenario }[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      scenarios.push({ file, scenario: readScenarioFile(file) });
    } catch (error) {
      if (!isScenarioError(error)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) {
    io.stderr(`${problems.join('\n')}\n`);
    io.stderr(
      `nova-sim replay: ${problems.length === 1 ? 'a scenario is' : 'scenarios are'} invalid; nothing ran\n`,
    );
    return EXIT.usage;
  }

  const paint = painter(io.color);
  const quiet = args.flag('quiet');
  const json = args.flag('json');
  const progress = new ProgressLine(io.stderr, io.stderrIsTTY && !json);
  const printer = json ? undefined : new TimelinePrinter({ paint, write: io.stdout, quiet });
  const results: ReplayResult[] = [];
  scenarios.forEach(({ file, scenario }, index) => {
    progress.startFile(index, scenarios.length);
    const result = replay(scenario, {
      file,
      ...(seed !== undefined ? { seed } : {}),
      ...(printer ? { onTrace: (line) => progress.around(() => printer.print(line)) } : {}),
      onProgress: (p) => progress.update(p),
    });
    progress.clear();
    if (!json) io.stdout(summaryLine(paint, result));
    results.push(result);
  });

  const tracePath = args.string('trace');
  const reportPath = args.string('report');
  if (tracePath !== undefined) {
    write(tracePath, results.map((r) => traceToJsonLines(r.trace)).join(''));
  }
  if (reportPath !== undefined) write(reportPath, reportHtml(results));
  const failed = results.filter((r) => !r.ok);
  if (json) {
    io.stdout(
      `${JSON.stringify(
        {
          ok: failed.length === 0,
          files: results.map((r) => ({
            file: r.file,
            name: r.name,
            seed: r.seed,
            ok: r.ok,
            steps: r.steps,
            elapsedMs: r.elapsedMs,
            failures: r.failures,
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else if (results.length > 1) {
    const text = `${results.length - failed.length} of ${results.length} scenarios passed\n`;
    io.stdout(failed.length === 0 ? paint('green', text) : paint('red', text));
  }
  return failed.length === 0 ? EXIT.ok : EXIT.failed;
}
