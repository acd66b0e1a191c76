/** What the CLI reads and writes besides files: injected so tests can run `main` in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress is shown only there). */
  readonly stderrIsTTY: boolean;
  /** Whether to colour output (a terminal, and NO_COLOR unset). */
  readonly color: boolean;
}

/** The process's own streams. */
export function processIo(): CliIo {
  const colorOff = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    color: process.stdout.isTTY === true && !colorOff,
  };
}

/** A bad command line: printed with a hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const;

/** ANSI styling that does nothing when colour is off. */
export function painter(on: boolean) {
  return (style: keyof typeof CODES, text: string) =>
    on ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}
export type Painter = ReturnType<typeof painter>;
