import type { RecordedStep } from './model/recorder.js';
import type { CloudSystem } from './model/system.js';

/** The notes that mark the code under test's turns in the recorded steps. */
export const AFTER_COMMAND = 'afterCommand';
export const AT_END = 'atEnd';

/** Past this many lines the message points to the scenario, which has them all. */
const MAX_LINES = 120;

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function requestLine(step: Extract<RecordedStep, { kind: 'request' }>): string {
  const { request } = step;
  const body = request.body === undefined ? '' : ` ${JSON.stringify(request.body)}`;
  const service = request.service === undefined ? '' : `${request.service} `;
  const expected =
    step.expect?.status !== undefined && step.expect.status !== step.status
      ? ` (Nova answers ${step.expect.status})`
      : '';
  const line = `${service}${request.method.toUpperCase()} ${request.path}${body}`;
  return `${line.length > 160 ? `${line.slice(0, 157)}...` : line} → ${step.status}${expected}`;
}

function stepLine(step: RecordedStep): string | undefined {
  switch (step.kind) {
    case 'request':
      return requestLine(step);
    case 'advance':
      return `clock +${seconds(step.ms)}`;
    case 'host':
      return `host ${step.host} ${step.op}${step.reason === undefined ? '' : ` (${step.reason})`}`;
    case 'fault':
      return `fault ${JSON.stringify(step.rule)}`;
    case 'clear-faults':
      return 'faults cleared';
    case 'note':
      return undefined;
  }
}

/**
 * What a run did to the cloud, in order: each command as it described itself when it ran,
 * with every request (the code under test's included: its `afterCommand` and `atEnd`),
 * clock advance, host and fault operation under it, each request with the code it got.
 * This is the recorder's list, the one the counterexample scenario is written from, so
 * the message and the scenario tell the same story.
 *
 * @example
 * console.log(whatRan(system).join('\n'));
 */
export function whatRan(system: CloudSystem): string[] {
  const lines: string[] = [];
  let command = 0;
  for (const step of system.recorder.steps) {
    if (step.kind === 'note') {
      if (step.text.startsWith('#')) {
        command = Number(step.text.slice(1));
        lines.push(`  ${command}. ${system.script[command - 1] ?? step.text}`);
      } else {
        // The code under test's turn: `afterCommand` after a command, `atEnd` at the end.
        lines.push(step.text === AT_END ? `  ${step.text}:` : `     ${step.text}:`);
      }
      continue;
    }
    const text = stepLine(step);
    if (text === undefined) continue;
    if (command === 0 && lines.length === 0) lines.push('  before the first command:');
    lines.push(`       ${text}`);
  }
  if (lines.length <= MAX_LINES) return lines;
  const left = lines.length - MAX_LINES;
  return [
    ...lines.slice(0, MAX_LINES / 2),
    `       … ${left} more lines`,
    ...lines.slice(-MAX_LINES / 2),
  ];
}
