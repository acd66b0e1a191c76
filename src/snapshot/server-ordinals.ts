// A claim's consumer is nearly always a server, and the ledger lists consumers in the
// order the servers were made, which is the order they are saved in. Saving a claims
// block as the positions of its consumers among the saved servers (arithmetic runs, a
// few numbers per block) spares a restore 100k uuids to parse, and the restored claims
// share the servers' own id strings.
import type { ServerRefs } from './column-kinds.js';

/**
 * The ids of the servers saved, in file order, and each one's position: found by a
 * cursor while the claims come in the servers' order, by a Map (built on the first
 * miss) when they do not.
 *
 * @example
 * const ordinals = new ServerOrdinals();
 * ordinals.add('a'); ordinals.add('b');
 * ordinals.refs.ordinalOf('b'); // 1
 */
export class ServerOrdinals {
  private readonly ids: string[] = [];
  private cursor = 0;
  private byId: Map<string, number> | undefined;

  /** Notes the next server saved. */
  add(id: string): void {
    this.ids.push(id);
  }

  /** What a claims block's `consumerId` column is written as (see `encodeRows`). */
  readonly refs: ServerRefs = {
    key: 'consumerId',
    ordinalOf: (id: unknown): number => this.ordinalOf(id),
  };

  private ordinalOf(id: unknown): number {
    const { ids } = this;
    if (this.cursor < ids.length && ids[this.cursor] === id) return this.cursor++;
    if (typeof id !== 'string') return -1;
    if (this.byId === undefined) {
      this.byId = new Map();
      for (let i = 0; i < ids.length; i++) this.byId.set(ids[i]!, i);
    }
    const at = this.byId.get(id);
    if (at === undefined) return -1;
    this.cursor = at + 1;
    return at;
  }
}

/** For the reader: the ids of the servers read so far, by file position. */
export type ServerIdAt = (ordinal: number) => string | undefined;
