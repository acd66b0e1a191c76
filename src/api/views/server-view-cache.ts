import type { Server } from '../../compute/server.js';
import type { ApiContext } from '../context.js';
import type { NovaCloud } from '../nova-cloud.js';
import { permitted } from '../policy.js';
import { serverProgress } from './progress.js';
import { serverDetail } from './server.js';

/**
 * What the JSON of one server's view depends on besides its row: the microversion, the
 * link prefix (version and project segments), and the policy answers the view checks,
 * against the server's project for `GET /servers/{id}` and the caller's own for a detail
 * list. Two requests with the same variant see the same bytes for the same row.
 */
function variantOf(ctx: ApiContext, server: Server | undefined): string {
  const target = server === undefined ? undefined : { projectId: server.projectId };
  let bits = ctx.isAdmin ? 1 : 0;
  if (permitted(ctx, 'os_compute_api:os-extended-server-attributes', target)) bits |= 2;
  if (permitted(ctx, 'os_compute_api:servers:show:host_status', target)) bits |= 4;
  if (permitted(ctx, 'os_compute_api:servers:show:host_status:unknown-only', target)) bits |= 8;
  if (permitted(ctx, 'os_compute_api:servers:show:flavor-extra-specs', target)) bits |= 16;
  return `${server === undefined ? 'list' : 'show'} ${ctx.version.toString()} ${bits} ${ctx.links.self('')}`;
}

/** The `progress` key of a view that shows none. */
export const NO_PROGRESS = -1;

interface Entry {
  readonly variant: string;
  /** The host's service status when rendered (it follows the clock and the services). */
  readonly hostStatus: string;
  /**
   * The view's `progress` when rendered ({@link NO_PROGRESS}: none): a step's percentage
   * follows the clock between two steps, and is the only part of the view that does.
   */
  readonly progress: number;
  readonly text: string;
  /** Read since it last came up for eviction: it gets a second chance. */
  used: boolean;
}

/** Default budget: ~2,500 views of 1.6 KB; a cache, not a copy of the cloud. */
export const VIEW_CACHE_BYTES = 4 * 1024 * 1024;

/**
 * The JSON of recently shown servers, one slot per server; past a byte budget the oldest
 * slot not read since it last came up is evicted (a second chance: an approximate LRU whose
 * hits cost a flag), so endless churn or a million servers cannot grow it.
 *
 * What invalidates a slot (exactness first; the property test in
 * test/api/views/server-view-cache.test.ts compares every cached answer with a fresh one):
 * - the engine's watch (`Compute.watch`): every machine step of the server, its insertion
 *   and deletion, and every write `touched` reports (the API's writes to a named server,
 *   Neutron's port changes of its device);
 * - everything else clears the whole cache: a compute write outside one server's routes
 *   and a create (groups, services, aggregates… see `scopedToServers` in request.ts), any
 *   other service's write (ports, floating IPs, images, volumes), any `/_sim` write, and
 *   any timer that is not a machine step (volume flows, host faults, periodic tasks);
 * - per request, the variant (microversion, link prefix, policy answers), the host's
 *   status and the view's `progress`, both of which follow the clock, must match (a
 *   building or moving server is answered from the cache while its percentage stands).
 */
export class ServerViewCache {
  private readonly entries = new Map<Server, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes = VIEW_CACHE_BYTES) {}

  /** How many views are kept, and their total length. */
  get size(): { readonly entries: number; readonly bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** The view's JSON if a slot matches, else undefined. */
  get(
    server: Server,
    variant: string,
    hostStatus: string,
    progress = NO_PROGRESS,
  ): string | undefined {
    const entry = this.entries.get(server);
    if (
      entry === undefined ||
      entry.variant !== variant ||
      entry.hostStatus !== hostStatus ||
      entry.progress !== progress
    ) {
      return undefined;
    }
    // A flag rather than moving the entry to the end of the Map (a delete and a set, the
    // largest cost of a hit): eviction gives used entries a second chance.
    entry.used = true;
    return entry.text;
  }

  set(
    server: Server,
    variant: string,
    hostStatus: string,
    text: string,
    progress = NO_PROGRESS,
  ): void {
    this.forget(server);
    if (text.length > this.maxBytes) return;
    this.entries.set(server, { variant, hostStatus, progress, text, used: false });
    this.bytes += text.length;
    // Oldest first (Map order); a used one goes to the end once, unused, and is kept.
    while (this.bytes > this.maxBytes) {
      const [oldest, entry] = this.entries.entries().next().value as [Server, Entry];
      this.entries.delete(oldest);
      if (entry.used) {
        entry.used = false;
        this.entries.set(oldest, entry);
      } else {
        this.bytes -= entry.text.length;
      }
    }
  }

  /** The server's row changed. */
  forget(server: Server): void {
    const entry = this.entries.get(server);
    if (entry === undefined) return;
    this.entries.delete(server);
    this.bytes -= entry.text.length;
  }

  /** Something outside one server's row changed. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

/** A cloud's two caches: the `server` of a GET, and an item of `/servers/detail`. */
interface Caches {
  readonly show: ServerViewCache;
  readonly list: ServerViewCache;
}

const caches = new WeakMap<NovaCloud, Caches>();

function cachesOf(cloud: NovaCloud): Caches {
  let made = caches.get(cloud);
  if (made === undefined) {
    const both = { show: new ServerViewCache(), list: new ServerViewCache() };
    cloud.compute.watch((server) => {
      both.show.forget(server);
      both.list.forget(server);
    });
    caches.set(cloud, both);
    made = both;
  }
  return made;
}

/**
 * The cloud's cache of `GET /servers/{id}` answers, made (and hooked to the engine's watch)
 * on first use: a cloud that is never served over HTTP pays nothing.
 *
 * @example
 * serverViewCache(cloud).size; // { entries: 0, bytes: 0 }
 */
export function serverViewCache(cloud: NovaCloud): ServerViewCache {
  return cachesOf(cloud).show;
}

/**
 * Drops every cached view of the cloud: called for each write that is not scoped to the
 * servers it touches and each timer that is not a machine step.
 *
 * @example
 * serverViewsChanged(cloud);
 */
export function serverViewsChanged(cloud: NovaCloud): void {
  const both = caches.get(cloud);
  both?.show.clear();
  both?.list.clear();
}

/** The text from `cache`, or rendered and kept, for one server and variant. */
function cachedText(
  ctx: ApiContext,
  cache: ServerViewCache,
  server: Server,
  variant: string,
  render: () => string,
): string {
  const { cloud } = ctx;
  const progress = serverProgress(cloud, server, cloud.compute.status(server)) ?? NO_PROGRESS;
  const hostStatus = server.deleted
    ? ''
    : cloud.scheduler.hostStatus(server.host, cloud.clock.now());
  const cached = cache.get(server, variant, hostStatus, progress);
  if (cached !== undefined) return cached;
  const text = render();
  cache.set(server, variant, hostStatus, text, progress);
  return text;
}

/**
 * The body of `GET /servers/{id}` as JSON text, from the cache when the server, the
 * variant and the host's status are as they were.
 *
 * @example
 * const text = serverShowText(ctx, server); // '{"server":{"id":…}}'
 */
export function serverShowText(ctx: ApiContext, server: Server): string {
  return cachedText(ctx, cachesOf(ctx.cloud).show, server, variantOf(ctx, server), () =>
    JSON.stringify({ server: serverDetail(ctx, server) }),
  );
}

/**
 * Each server of a `/servers/detail` page as JSON text (its item of `servers`), from the
 * cache under the same conditions as {@link serverShowText}.
 *
 * @example
 * const items = serverListTexts(ctx, servers); // ['{"id":…}', …]
 */
export function serverListTexts(ctx: ApiContext, servers: readonly Server[]): string[] {
  const cache = cachesOf(ctx.cloud).list;
  const variant = variantOf(ctx, undefined);
  return servers.map((server) =>
    cachedText(ctx, cache, server, variant, () =>
      JSON.stringify(serverDetail(ctx, server, { list: true })),
    ),
  );
}
