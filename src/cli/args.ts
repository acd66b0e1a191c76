import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A parsed command line: string options, boolean flags and the rest. */
export interface ParsedArgs {
  /** A string option's value, if given. */
  string(name: string): string | undefined;
  /** Whether a flag was given. */
  flag(name: string): boolean;
  readonly positionals: readonly string[];
}

/**
 * node:util parseArgs, strict, with its errors turned into UsageErrors that read well:
 * `unknown option --foo`, `--seed needs a value`.
 */
export function parseCommandArgs(command: string, argv: string[], options: Options): ParsedArgs {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
      throw new UsageError(`unknown option ${flag}`, command);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /Option '([^']+)'/.exec(message)?.[1] ?? '';
      const name = flag.split(' ').find((part) => part.startsWith('--')) ?? flag;
      const takesNone = message.includes('does not take an argument');
      throw new UsageError(
        `${name || 'an option'} ${takesNone ? 'takes no value' : 'needs a value'}`,
        command,
      );
    }
    throw new UsageError(message, command);
  }
  const { values, positionals } = parsed;
  return {
    string: (name) => (typeof values[name] === 'string' ? (values[name] as string) : undefined),
    flag: (name) => values[name] === true,
    positionals,
  };
}
