/** A host aggregate (Nova's API-database row with its hosts and metadata). */
export interface Aggregate {
  readonly id: number;
  readonly uuid: string;
  name: string;
  readonly hosts: string[];
  metadata: Record<string, string>;
  readonly createdAt: number;
  updatedAt: number | null;
}

export interface AggregatesSnapshot {
  readonly aggregates: readonly Aggregate[];
  readonly nextId: number;
}

/**
 * The host aggregates, by their integer id (ids are never reused). A host's availability
 * zone is the `availability_zone` metadata of an aggregate it belongs to.
 *
 * @example
 * const store = new AggregateStore();
 * const agg = store.add('rack-1', 'uuid', 0);
 * agg.hosts.push('compute-1');
 * store.zoneOf('compute-1'); // null until agg.metadata.availability_zone is set
 */
export class AggregateStore {
  readonly byId = new Map<number, Aggregate>();
  private nextId = 1;

  add(name: string, uuid: string, now: number): Aggregate {
    const aggregate: Aggregate = {
      id: this.nextId++,
      uuid,
      name,
      hosts: [],
      metadata: {},
      createdAt: now,
      updatedAt: null,
    };
    this.byId.set(aggregate.id, aggregate);
    return aggregate;
  }

  /** No aggregate was ever created (a snapshot then leaves the store out). */
  get pristine(): boolean {
    return this.nextId === 1;
  }

  /** Every aggregate, by id. */
  list(): Aggregate[] {
    return [...this.byId.values()];
  }

  byName(name: string): Aggregate | undefined {
    for (const aggregate of this.byId.values()) if (aggregate.name === name) return aggregate;
    return undefined;
  }

  /** The aggregates a host is in, by id. */
  ofHost(host: string): Aggregate[] {
    return this.list().filter((a) => a.hosts.includes(host));
  }

  /** The zone the host's aggregates put it in (the first by id), or null. */
  zoneOf(host: string): string | null {
    for (const a of this.byId.values()) {
      const zone = a.metadata.availability_zone;
      if (zone !== undefined && a.hosts.includes(host)) return zone;
    }
    return null;
  }

  /** Every host in some aggregate. */
  hosts(): Set<string> {
    return new Set(this.list().flatMap((a) => a.hosts));
  }

  snapshot(): AggregatesSnapshot {
    return structuredClone({ aggregates: this.list(), nextId: this.nextId });
  }

  static restore(snapshot: AggregatesSnapshot | undefined): AggregateStore {
    const store = new AggregateStore();
    if (snapshot === undefined) return store;
    for (const aggregate of structuredClone(snapshot.aggregates))
      store.byId.set(aggregate.id, aggregate);
    store.nextId = snapshot.nextId;
    return store;
  }
}
