import { RE2JS } from 're2js';

/** A compiled list-filter pattern: `test` answers whether it matches anywhere in a text. */
export interface Pattern {
  test(text: string): boolean;
}

/**
 * The longest pattern compiled. RE2 matches in O(pattern × text) time, and texts of
 * filtered columns are short (Nova's 255-character names), so this bounds the work per
 * row; RE2's own limits (repeat counts up to 1000, program size) bound what a short
 * pattern can expand to.
 */
export const MAX_PATTERN_LENGTH = 1024;

const INLINE_FLAGS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  // ASCII, locale and unicode matching change nothing the filters can tell apart here.
  a: 0,
  L: 0,
  u: 0,
};

/**
 * Compiles a Python `re` pattern with RE2 (linear time, no backtracking), or returns
 * undefined where it does not compile. Python's leading inline flags, `\Z` and `{,n}` are
 * translated; what RE2 cannot run in linear time (backreferences, lookaround) does not
 * compile, so such a filter is refused as no regex.
 *
 * @example
 * compileRegex('(?i)^web-(?P<n>[0-9]+)$')?.test('WEB-1'); // true
 * compileRegex('^(a+)+$')?.test('a'.repeat(27) + '!'); // false, at once
 */
export function compileRegex(
  pattern: string,
  flags = 0,
  wrap: (source: string) => string = unwrapped,
): Pattern | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return undefined;
  let source = pattern;
  let extra = flags;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    // Verbose mode (x) would need its own parser: RE2 has none.
    if (inline[1]!.includes('x')) return undefined;
    source = source.slice(inline[0].length);
    for (const flag of inline[1]!) extra |= INLINE_FLAGS[flag] ?? 0;
  }
  try {
    const re = RE2JS.compile(wrap(translate(source)), extra);
    const literal = wrap === unwrapped ? literalOf(source) : undefined;
    if (literal === undefined) return { test: (text) => re.test(text) };
    return literalPattern(literal, (extra & RE2JS.CASE_INSENSITIVE) !== 0, re);
  } catch {
    return undefined;
  }
}

const unwrapped = (source: string) => source;

/** The text a pattern without metacharacters stands for (`\|` is a `|`), else undefined. */
function literalOf(source: string): string | undefined {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c > 0x7e || c < 0x20) return undefined;
    const char = source[i]!;
    if (char === '\\') {
      const next = source[++i];
      // An escaped punctuation mark is itself; `\d`, `\b`, `\Z`… are classes or anchors.
      if (next === undefined || !/^[!-/:-@[-`{-~]$/.test(next)) return undefined;
      out += next;
    } else if ('^$.|?*+()[]{}'.includes(char)) {
      return undefined;
    } else {
      out += char;
    }
  }
  return out;
}

/**
 * A literal pattern (`name=web`, the common filter) as a substring search. RE2JS costs
 * microseconds a row in pure JavaScript, a page at 1M tests thousands; the search gives
 * the same answer for ASCII texts (ASCII case folding is what RE2 does to them). A text
 * with other characters goes to RE2, whose Unicode folding (`ſ` is an `s`) is the truth.
 */
function literalPattern(literal: string, caseless: boolean, re: RE2JS): Pattern {
  const needle = caseless ? literal.toLowerCase() : literal;
  return {
    test: (text) => {
      if (!isAscii(text)) return re.test(text);
      return (caseless ? text.toLowerCase() : text).includes(needle);
    },
  };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Python spellings RE2 reads differently: `\Z` (RE2's `\z`) and `{,n}` (`{0,n}`). */
function translate(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1];
      out += next === 'Z' ? '\\z' : `\\${next ?? ''}`;
      i++;
    } else if (c === '{' && source[i + 1] === ',' && /^\{,[0-9]+\}/.test(source.slice(i))) {
      out += '{0';
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * A column filter as MySQL runs it: an unanchored REGEXP, case-insensitive under Nova's
 * collation, with every `|` escaped first (nova/db/main/api.py `_safe_regex_mysql`).
 */
export function databaseRegex(pattern: string): Pattern | undefined {
  return compileRegex(pattern.replaceAll('|', '\\|'), RE2JS.CASE_INSENSITIVE);
}

/**
 * The text every match of a column filter contains, lower-cased, when the pattern is a
 * literal (as `databaseRegex` reads it: `|` escaped, leading inline flags, an optional `^`
 * and `$`); undefined for any other pattern, and for the empty one (it matches every text).
 *
 * @example
 * requiredLiteral('^web-1$'); // 'web-1'
 * requiredLiteral('web.*'); // undefined
 */
export function requiredLiteral(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return undefined;
  let source = pattern.replaceAll('|', '\\|');
  const inline = /^\(\?([aiLmsu]+)\)/.exec(source);
  if (inline) source = source.slice(inline[0].length);
  if (source.startsWith('^')) source = source.slice(1);
  // A `$` is an anchor unless escaped; an escaped backslash before it leaves the pattern
  // to `literalOf`, which refuses a bare `$`.
  if (source.endsWith('$') && !source.endsWith('\\$')) source = source.slice(0, -1);
  const literal = literalOf(source);
  return literal === undefined || literal === '' ? undefined : literal.toLowerCase();
}

/** The `ip` / `ip6` filters: Python's `re.match`, anchored at the start only. */
export function ipRegex(pattern: string): Pattern | undefined {
  return compileRegex(pattern, 0, (source) => `^(?:${source})`);
}
