/**
 * Compiles a Python `re` pattern as JavaScript, or returns undefined where it does not
 * compile. Python's named groups and leading inline flags are translated; the rest of
 * the two dialects agree on what list filters use.
 *
 * @example
 * compileRegex('(?i)^web-(?P<n>[0-9]+)$')?.test('WEB-1'); // true
 */
export function compileRegex(
  pattern: string,
  flags = '',
  wrap = (source: string) => source,
): RegExp | undefined {
  let source = pattern;
  let extra = '';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    if (inline[1]!.includes('i')) extra += 'i';
    if (inline[1]!.includes('m')) extra += 'm';
    if (inline[1]!.includes('s')) extra += 's';
  }
  source = source.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  try {
    return new RegExp(wrap(source), [...new Set(flags + extra)].join(''));
  } catch {
    return undefined;
  }
}

/**
 * A column filter as MySQL runs it: an unanchored REGEXP, case-insensitive under Nova's
 * collation, with every `|` escaped first (nova/db/main/api.py `_safe_regex_mysql`).
 */
export function databaseRegex(pattern: string): RegExp | undefined {
  return compileRegex(pattern.replaceAll('|', '\\|'), 'i');
}

/** The `ip` / `ip6` filters: Python's `re.match`, anchored at the start only. */
export function ipRegex(pattern: string): RegExp | undefined {
  return compileRegex(pattern, '', (source) => `^(?:${source})`);
}
