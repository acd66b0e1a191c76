/** Whether JSON.parse's complaint about a prefix means only "it stops too early". */
function endsEarly(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const at = /at position (\d+)/.exec(message);
    // A complaint about the character after the prefix, or a literal cut short (`tr` of
    // `true`), means the prefix is fine so far.
    return (
      /end of JSON input|Unterminated string/.test(message) ||
      (at !== null && Number(at[1]) >= prefix.length) ||
      /[a-z]$/.test(prefix)
    );
  }
}

/** Where parsing first fails: the shortest prefix that is already broken. */
function errorPosition(text: string): number {
  let good = 0;
  let bad = text.length;
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    if (endsEarly(text.slice(0, middle))) good = middle;
    else bad = middle;
  }
  return bad - 1;
}

/**
 * JSON.parse's complaint with the line and column it points at (V8's messages carry a
 * snippet, not a position), for people who open the file in an editor.
 *
 * @example
 * jsonErrorMessage('{\n  "a": 1,\n}', error); // 'line 3, column 1: Unexpected token ...'
 */
export function jsonErrorMessage(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const stated = /at position (\d+)/.exec(message);
  const position = stated
    ? Number(stated[1])
    : /end of JSON input/.test(message)
      ? text.length
      : errorPosition(text);
  const before = text.slice(0, position).split('\n');
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  const reason = message
    .replace(/\s*in JSON at position \d+.*$/, '')
    .replace(/, (?:\.\.\.)?".*$/s, '');
  return `line ${line}, column ${column}: ${reason}`;
}
