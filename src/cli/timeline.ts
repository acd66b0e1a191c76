import { formatDuration, formatOffset } from '../scenario/duration.js';
import type { ReplayFailure, TraceLine } from '../scenario/trace.js';
import type { Painter } from './io.js';

const SHORT = 60;
const OUTCOMES = new Set([
  'SPAWN_FAILED',
  'BUILD_FAILED',
  'NO_VALID_HOST',
  'MOVE_FAILED',
  'MOVE_ERRORED',
  'EVACUATE_FAILED',
  'UNSHELVE_FAILED',
  'REBUILD_FAILED',
]);

function short(value: unknown, max = SHORT): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Turns trace lines into the readable timeline `nova-sim replay` prints: virtual time,
 * requests with their codes, server status transitions by server name, host changes,
 * notes and checks. Keeps what it needs (server names, hosts) as lines go by.
 */
export class TimelinePrinter {
  private readonly names = new Map<string, string>();
  private readonly hosts = new Map<string, string | null>();
  private readonly paint: Painter;
  private readonly write: (text: string) => void;
  private readonly quiet: boolean;
  private file = '';

  constructor(options: { paint: Painter; write: (text: string) => void; quiet: boolean }) {
    this.paint = options.paint;
    this.write = options.write;
    this.quiet = options.quiet;
  }

  private server(id: unknown): string {
    const key = String(id);
    return this.names.get(key) ?? key.slice(0, 8);
  }

  /** A request path with the ids of known servers shown as ‹name›. */
  private path(path: string): string {
    return path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      const name = this.names.get(id);
      return name === undefined ? id : `‹${name}›`;
    });
  }

  private line(t: number, text: string): void {
    this.write(`  ${this.paint('dim', formatOffset(t))}  ${text}\n`);
  }

  private stepTag(line: TraceLine): string {
    return line.step === undefined ? '' : this.paint('dim', `[${line.step}] `);
  }

  /** Prints one trace line (or nothing, for the lines a timeline does not show). */
  print(line: TraceLine): void {
    const { paint } = this;
    switch (line.type) {
      case 'server.created':
        this.names.set(String(line.serverId), String(line.name));
        break;
      case 'server.step': {
        const id = String(line.serverId);
        const before = this.hosts.get(id);
        this.hosts.set(id, (line.host as string | null) ?? null);
        // Outcomes the compute layer decided (a failed spawn, no host) change no status.
        const event = String(line.event);
        if (!this.quiet && OUTCOMES.has(event)) {
          this.line(
            line.t,
            `${this.server(id)}: ${this.paint('yellow', event)}${before ? this.paint('dim', ` on ${before}`) : ''}`,
          );
        }
        return;
      }
      case 'scenario':
        this.file = String(line.file);
        if (this.quiet) return;
        this.write(
          `${paint('bold', `▶ ${String(line.file)}`)}${line.name !== line.file ? ` ${paint('dim', '—')} ${String(line.name)}` : ''} ${paint('dim', `(seed ${String(line.seed)})`)}\n`,
        );
        return;
      case 'failure':
        this.printFailure(line);
        return;
      case 'end':
        return;
    }
    if (this.quiet) return;
    const tag = this.stepTag(line);
    switch (line.type) {
      case 'note':
        this.line(line.t, paint('bold', `» ${String(line.text)}`));
        return;
      case 'request': {
        const code = Number(line.code);
        const color = code >= 400 ? (code >= 500 ? 'red' : 'yellow') : 'green';
        const firstLine = String(line.message ?? '').split('\n')[0] ?? '';
        const message = firstLine === '' ? '' : ` ${paint('dim', short(firstLine))}`;
        this.line(
          line.t,
          `${tag}${String(line.method)} ${this.path(String(line.path))}${line.action === undefined ? '' : ` ${paint('bold', String(line.action))}`} → ${paint(color, String(code))}${message} ${paint('dim', `(${String(line.user)})`)}`,
        );
        return;
      }
      case 'save':
        this.line(line.t, `${tag}${paint('cyan', String(line.name))} = ${short(line.value)}`);
        return;
      case 'server.created':
        this.line(line.t, `${this.server(line.serverId)}: ${paint('bold', 'BUILD')} (created)`);
        return;
      case 'server.status': {
        const host = this.hosts.get(String(line.serverId));
        this.line(
          line.t,
          `${this.server(line.serverId)}: ${String(line.from)} → ${paint('bold', String(line.to))}${host ? paint('dim', ` on ${host}`) : ''}`,
        );
        return;
      }
      case 'fault':
        this.line(
          line.t,
          `${this.server(line.serverId)}: ${paint('red', `fault ${String(line.code)}`)} ${short(line.message)}`,
        );
        return;
      case 'host':
        this.line(line.t, `host ${String(line.host)} ${paint('bold', String(line.change))}`);
        return;
      case 'periodic': {
        const affected = line.affected as string[];
        if (affected.length === 0) return;
        this.line(
          line.t,
          `periodic ${String(line.task)}: ${affected.map((id) => this.server(id)).join(', ')}`,
        );
        return;
      }
      case 'advance':
        this.line(line.t, `${tag}${paint('dim', `advance ${formatDuration(Number(line.ms))}`)}`);
        return;
      case 'until': {
        const waited = formatDuration(Number(line.waited));
        const text = line.reached
          ? `${this.server(line.server)} ${String(line.target)}: reached after ${waited}`
          : `${this.server(line.server)} ${String(line.target)}: not reached after ${waited} (${String(line.status)})`;
        this.line(line.t, `${tag}${paint('dim', 'until')} ${text}`);
        return;
      }
      case 'expect': {
        if (!line.ok) return;
        const checks = line.checks as { what: string; expected: string }[];
        const text = checks
          .map((c) => `${c.what.replace(/^server /, '')} ${c.expected}`)
          .join(', ');
        this.line(line.t, `${tag}${paint('green', '✓')} ${short(text || 'ok', 110)}`);
        return;
      }
      case 'fault-rule': {
        const rule = line.rule;
        const text = rule === 'clear' ? 'faults cleared' : `fault rule ${JSON.stringify(rule)}`;
        this.line(line.t, `${tag}${paint('yellow', text)}`);
        return;
      }
      default:
        return;
    }
  }

  private printFailure(line: TraceLine): void {
    const { paint } = this;
    const failure = line as unknown as ReplayFailure & TraceLine;
    const where = this.quiet ? `${this.file}: ` : '';
    this.write(
      `  ${paint('dim', formatOffset(line.t))}  ${paint('red', `✗ ${where}step ${String(line.step)} failed:`)} ${failure.message}\n`,
    );
    const pad = ' '.repeat(4 + formatOffset(line.t).length);
    this.write(`${pad}at:       ${failure.pointer}\n`);
    if (failure.expected !== undefined) {
      this.write(`${pad}expected: ${failure.expected}\n`);
      this.write(`${pad}found:    ${paint('red', short(failure.found))}\n`);
    }
  }
}

/** The closing line of one file. */
export function summaryLine(
  paint: Painter,
  result: {
    readonly file: string;
    readonly ok: boolean;
    readonly steps: number;
    readonly elapsedMs: number;
    readonly failures: readonly ReplayFailure[];
  },
): string {
  const virtual = formatDuration(result.elapsedMs);
  if (result.ok) {
    return `${paint('green', '✓')} ${result.file}: ${result.steps} steps, ${virtual} virtual\n`;
  }
  const first = result.failures[0];
  return `${paint('red', '✗')} ${result.file}: failed at step ${first?.step ?? '?'} (${first?.kind ?? '?'}) after ${virtual} virtual\n`;
}
