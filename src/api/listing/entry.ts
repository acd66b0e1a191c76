import type { Server } from '../../compute/server.js';
import type { SortValue } from './sort-slots.js';
import type { SortedList } from './sorted-list.js';

/** One fixed address of a server as the address index files it. */
export interface AddressItem {
  readonly addr: string;
  readonly version: number;
  readonly entry: Entry;
}

/**
 * One server as the index files it: the sort fields copied into a small record of one
 * shape, so walks and comparisons never touch the (large) server object, and the values
 * it is filed under, so a change can find its old place.
 */
export interface Entry {
  readonly server: Server;
  readonly createdAt: number;
  readonly id: string;
  /**
   * The uuid's first 28 bits, compared before the text (lowercase hex keeps the order):
   * 28 bits stay a small integer in V8, read without a heap box on every comparison.
   */
  readonly prefix: number;
  /** The bucket the entry is filed under, or null once its row is deleted. */
  membership: string | null;
  /** The row was archived: scans skip it until the scope's entries are compacted. */
  archived: boolean;
  /** Waiting for the index to move it to its current state bucket (`ServerIndex.sync`). */
  queued: boolean;
  /** Written since the column lists last settled (`ServerIndex.settle`). */
  dirty: boolean;
  /**
   * Its sorted columns' values, packed (`row-values.ts`): those that are not their
   * column's dominant value, by slot (`SORTED_COLUMNS`), after a mask.
   */
  values: SortValue[];
  /** Its distinct tags. */
  tags: readonly string[];
  /**
   * Its fixed addresses as the address index filed them: one item alone (most servers
   * have one port), else an array.
   */
  addresses: AddressItem | readonly AddressItem[];
  /** The ids of its attached volumes. */
  volumes: readonly string[];
}

/** Servers of one (vm_state, task_state) pair, newest first. */
export interface StateBucket {
  readonly vmState: string;
  readonly taskState: string | null;
  readonly list: SortedList<Entry>;
}

/** What the index keeps for one project, or for all of them. */
export interface Scope {
  /** Every server, deleted ones too, in creation order: what a scan reads. */
  entries: Entry[];
  /** How many of `entries` are archived (dropped when they are half of them). */
  archived: number;
  /** Neither deleted nor soft-deleted: the default list, newest first. */
  readonly visible: SortedList<Entry>;
  /** Rows not deleted, by `vm_state\0task_state`: what a status filter reads. */
  readonly buckets: Map<string, StateBucket>;
}

/**
 * The index's order, Nova's default list order: newest first, ties by ascending uuid
 * (uuids are lowercase hex, so comparing their first 28 bits as numbers agrees).
 */
export function newestEntryFirst(a: Entry, b: Entry): number {
  return b.createdAt - a.createdAt || byUuid(a, b);
}

/** The uuid tie-break (the index's prefix, then the text). */
export function byUuid(a: Entry, b: Entry): number {
  if (a.prefix !== b.prefix) return a.prefix - b.prefix;
  // Rare (28 equal bits): the texts, read from the servers.
  const x = a.server.id;
  const y = b.server.id;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The first 7 hex digits as a number; 0 for ids that are not lowercase hex. */
function uuidPrefix(id: string): number {
  let value = 0;
  for (let i = 0; i < 7; i++) {
    const c = id.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return 0;
    value = value * 16 + digit;
  }
  return value;
}

const NONE: readonly never[] = [];
const NO_VALUES: readonly SortValue[] = Object.freeze([]);

/** The last creation time an entry took: the next entries of that time share its number. */
let lastTime = Number.NaN;

function sameTime(at: number): number {
  if (at === lastTime) return lastTime;
  lastTime = at;
  return at;
}

const ARCHIVED = 1;
const QUEUED = 2;
const DIRTY = 4;

/**
 * An entry as a class: its uuid is the server's (read through a prototype getter), its three
 * flags share one small integer, and the index looks its project's scope up by id. One
 * entry per server, so each field left out is 8 B of every server's heap.
 */
class IndexEntry implements Entry {
  readonly server: Server;
  /**
   * Null only until the constructor sets it: a field that has held a non-number keeps
   * tagged values, so the entries created at one time can point to one heap number
   * (`sameTime`) where a number-only field would box a copy per entry (16 B each).
   */
  private created: number | null = null;
  readonly prefix: number;
  membership: string | null = null;
  private flags = 0;
  // Shared until the entry is filed in the column lists, which set its own arrays.
  values: SortValue[] = NO_VALUES as SortValue[];
  tags: readonly string[] = NONE;
  addresses: AddressItem | readonly AddressItem[] = NONE;
  volumes: readonly string[] = NONE;

  constructor(server: Server) {
    this.server = server;
    this.created = sameTime(server.createdAt);
    this.prefix = uuidPrefix(server.id);
  }

  get createdAt(): number {
    return this.created as number;
  }

  get id(): string {
    return this.server.id;
  }

  get archived(): boolean {
    return (this.flags & ARCHIVED) !== 0;
  }

  set archived(on: boolean) {
    this.flags = on ? this.flags | ARCHIVED : this.flags & ~ARCHIVED;
  }

  get queued(): boolean {
    return (this.flags & QUEUED) !== 0;
  }

  set queued(on: boolean) {
    this.flags = on ? this.flags | QUEUED : this.flags & ~QUEUED;
  }

  get dirty(): boolean {
    return (this.flags & DIRTY) !== 0;
  }

  set dirty(on: boolean) {
    this.flags = on ? this.flags | DIRTY : this.flags & ~DIRTY;
  }
}

/** A marker as an index key: the entry of the marker server, filed or not. */
export function keyOf(server: Server): Entry {
  return new IndexEntry(server);
}
