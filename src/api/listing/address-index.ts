import type { Server } from '../../compute/server.js';
import { type AddressItem, byUuid, type Entry } from './entry.js';
import type { Pattern } from './regex.js';
import { SortedList } from './sorted-list.js';

const NONE: readonly AddressItem[] = [];

const byAddress = (a: AddressItem, b: AddressItem) =>
  (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0) ||
  byUuid(a.entry, b.entry) ||
  a.version - b.version;

function itemsOf(entry: Entry, server: Server): AddressItem | readonly AddressItem[] {
  const fixed = server.addresses.filter((address) => address.type === 'fixed');
  if (fixed.length === 0) return NONE;
  const items = fixed.map((address) => ({ addr: address.addr, version: address.version, entry }));
  // One address (the usual server) is kept without an array around it.
  return items.length === 1 ? items[0]! : items;
}

/** The filed items as a list. */
function listOf(filed: AddressItem | readonly AddressItem[]): readonly AddressItem[] {
  return Array.isArray(filed) ? filed : [filed as AddressItem];
}

function sameItems(filed: AddressItem | readonly AddressItem[], server: Server): boolean {
  const items = listOf(filed);
  let i = 0;
  for (const address of server.addresses) {
    if (address.type !== 'fixed') continue;
    const item = items[i++];
    if (item === undefined || item.addr !== address.addr || item.version !== address.version) {
      return false;
    }
  }
  return i === items.length;
}

/**
 * Every fixed address of every row, sorted as text, for the `ip` / `ip6` filters. They
 * are Python regexes matched from the start, so the index can only narrow a pattern that
 * begins with literal text (`10\.0\.`, `fd00:`): the rows whose addresses start with it.
 * A pattern with no literal start (`.*\.5$`, `(?i)…`) is checked row by row instead.
 *
 * @example
 * const rows = addresses.startingWith('10.0.0.', v4, undefined);
 */
export class AddressIndex {
  private readonly list = new SortedList<AddressItem>(byAddress);

  file(entry: Entry): void {
    entry.addresses = itemsOf(entry, entry.server);
    for (const item of listOf(entry.addresses)) this.list.insert(item);
  }

  unfile(entry: Entry): void {
    for (const item of listOf(entry.addresses)) this.list.remove(item);
    entry.addresses = NONE;
  }

  refile(entry: Entry, server: Server): void {
    if (sameItems(entry.addresses, server)) return;
    this.unfile(entry);
    this.file(entry);
  }

  /** Files many entries at once (a restored cloud). */
  fill(entries: readonly Entry[]): void {
    const items: AddressItem[] = [];
    for (const entry of entries) {
      entry.addresses = itemsOf(entry, entry.server);
      items.push(...listOf(entry.addresses));
    }
    this.list.fill(items.sort(byAddress));
  }

  /** How many addresses start with `prefix` (O(chunks), for choosing a plan). */
  countStartingWith(prefix: string): number {
    const from = this.list.firstWhere((item) => item.addr >= prefix);
    const to = this.list.firstWhere((item) => item.addr >= `${prefix}\uffff`);
    return this.list.rank(to) - this.list.rank(from);
  }

  /** The rows with an address that starts with `prefix` and that its version's pattern matches. */
  startingWith(prefix: string, v4: Pattern | undefined, v6: Pattern | undefined): Set<Entry> {
    const out = new Set<Entry>();
    const cursor = this.list.cursorAt(this.list.firstWhere((item) => item.addr >= prefix));
    for (let item = cursor.peek(); item?.addr.startsWith(prefix); item = cursor.peek()) {
      const pattern = item.version === 4 ? v4 : v6;
      if (pattern?.test(item.addr)) out.add(item.entry);
      cursor.advance();
    }
    return out;
  }
}

/**
 * The literal text every match of a Python regex starts with (`re.match`), or '' when it
 * has none the index can use: it stops at the first special character, drops a character
 * a quantifier makes optional, and gives up on alternation and inline flags.
 *
 * @example
 * literalPrefix('10\\.0\\.0\\.[0-9]+'); // '10.0.0.'
 */
export function literalPrefix(pattern: string): string {
  if (pattern.includes('|')) return '';
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      // Only escaped punctuation is a literal; \d, \w, \A and the like are not.
      if (next === undefined || /[0-9A-Za-z]/.test(next)) return out;
      out += next;
      i++;
      continue;
    }
    if (c === '*' || c === '?' || c === '{') return out.slice(0, -1);
    if ('.^$+[]()'.includes(c)) return out;
    out += c;
  }
  return out;
}
