/** One request the server answered, at the virtual time it was answered. */
export interface RecentRequest {
  readonly at: number;
  readonly method: string;
  /** The path and query as the client sent them. */
  readonly url: string;
  readonly status: number;
}

/** The last requests the server answered, for the live view: a bounded ring. */
export interface RecentRequests {
  add(entry: RecentRequest): void;
  /** Oldest first. */
  list(): readonly RecentRequest[];
}

/**
 * @example
 * const recent = createRecentRequests(50);
 * recent.add({ at: cloud.clock.now(), method: 'GET', url: '/compute/v2.1/servers', status: 200 });
 */
export function createRecentRequests(limit: number): RecentRequests {
  // A ring written in place: every answered request adds one, and the view reads rarely.
  const ring: RecentRequest[] = [];
  let next = 0;
  return {
    add(entry) {
      if (limit <= 0) return;
      if (ring.length < limit) ring.push(entry);
      else ring[next] = entry;
      next = (next + 1) % limit;
    },
    list: () =>
      ring.length < limit ? ring.slice() : [...ring.slice(next), ...ring.slice(0, next)],
  };
}
