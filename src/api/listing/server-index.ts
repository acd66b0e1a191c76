import type { Server } from '../../compute/server.js';
import type { NovaCloud } from '../nova-cloud.js';
import { AddressIndex } from './address-index.js';
import {
  byUuid,
  type Entry,
  keyOf,
  newestEntryFirst,
  type Scope,
  type StateBucket,
} from './entry.js';
import { ProjectRows } from './row-index.js';
import { SortedList } from './sorted-list.js';

export type { Entry, Scope, StateBucket } from './entry.js';
export { keyOf, newestEntryFirst } from './entry.js';

const bucketKey = (vmState: string, taskState: string | null) =>
  `${vmState}\u0000${taskState ?? ''}`;

/** The bucket of servers still to be scheduled: where build requests are found. */
export const SCHEDULING_BUCKET = bucketKey('building', 'scheduling');

// Machine states are interned, so one key per state object spares a string per change.
const keysByState = new WeakMap<Server['machine'], string>();

function membershipOf(server: Server): string | null {
  if (server.deleted) return null;
  const { machine } = server;
  let key = keysByState.get(machine);
  if (key === undefined) {
    key = bucketKey(machine.vmState, machine.taskState);
    keysByState.set(machine, key);
  }
  return key;
}

/** Visibility follows from the bucket: everything filed except soft-deleted rows. */
const isVisibleIn = (membership: string | null) =>
  membership !== null && !membership.startsWith('soft-delete\u0000');

function emptyScope(): Scope {
  return {
    entries: [],
    archived: 0,
    visible: new SortedList(newestEntryFirst),
    buckets: new Map(),
  };
}

/**
 * The list index of one cloud: per project (and for all projects) the visible servers
 * and the servers of each (vm_state, task_state), each kept newest first; per project
 * the sort and filter lists of `ProjectRows`; and cloud-wide the fixed addresses and the
 * holders of each volume. It is kept current on every write (Compute.watch: the engine's
 * row changes, and `compute.touched` for writes outside a machine step: API writes to a
 * server, locks, Neutron's device changes), so no list call builds anything.
 */
export class ServerIndex {
  private readonly allScope: Scope = emptyScope();
  private readonly addressIndex = new AddressIndex();
  private readonly projects = new Map<string, Scope>();
  private readonly rowsByProject = new Map<string, ProjectRows>();
  private readonly entries = new Map<string, Entry>();
  private readonly holders = new Map<string, Set<Entry>>();
  /**
   * Rows written since the column lists were last brought up to date (see `settle`), each
   * once (its `dirty` flag): a flag and an array, not a Set, as every step of every server
   * lands here.
   */
  private readonly dirty: Entry[] = [];
  /** Rows whose state bucket may have changed since the last {@link fileMoves}. */
  private readonly moved: Entry[] = [];
  private readonly cloud: NovaCloud;
  /** Whether the per-column lists (`ProjectRows`, addresses) are kept: `listColumnIndexes`. */
  readonly columns: boolean;

  constructor(cloud: NovaCloud) {
    this.cloud = cloud;
    this.columns = cloud.config.listColumnIndexes === true;
    this.build();
    cloud.compute.watch((server) => this.sync(server));
    cloud.events.on('server.archived', ({ serverId }) => this.archive(serverId));
    cloud.clock.onSettled(() => {
      this.fileMoves();
      if (this.columns) this.settle();
    });
  }

  /** Every project's servers. */
  get all(): Scope {
    this.fileMoves();
    return this.allScope;
  }

  /**
   * Moves every row queued by `sync` to the state bucket it is in now: once per row per
   * clock advance however many steps it took (a build's five steps are one move, from no
   * bucket to `active`), and a batch per list (one sort and a merge per chunk) rather than a
   * binary search and a splice per step. Runs when each advance returns and before any
   * read of the buckets, so a reader never sees a row in a bucket it has left.
   */
  private fileMoves(): void {
    const moved = this.moved;
    if (moved.length === 0) return;
    const removals = new Map<SortedList<Entry>, Entry[]>();
    const inserts = new Map<SortedList<Entry>, Entry[]>();
    const queue = (lists: Map<SortedList<Entry>, Entry[]>, list: SortedList<Entry>, e: Entry) => {
      const items = lists.get(list);
      if (items === undefined) lists.set(list, [e]);
      else items.push(e);
    };
    for (let i = 0; i < moved.length; i++) {
      const entry = moved[i]!;
      entry.queued = false;
      const server = entry.server;
      const before = entry.membership;
      const after = membershipOf(server);
      if (before === after) continue;
      entry.membership = after;
      const wasVisible = isVisibleIn(before);
      const visible = isVisibleIn(after);
      for (const scope of [this.allScope, this.projectScope(server.projectId)]) {
        if (before !== null) {
          const list = scope.buckets.get(before)?.list;
          if (list !== undefined) queue(removals, list, entry);
        }
        if (after !== null) queue(inserts, this.bucket(scope, server, after).list, entry);
        if (wasVisible && !visible) queue(removals, scope.visible, entry);
        if (visible && !wasVisible) queue(inserts, scope.visible, entry);
      }
    }
    moved.length = 0;
    for (const [list, items] of removals) list.removeMany(items);
    for (const [list, items] of inserts) list.insertMany(items);
  }

  /**
   * Re-files in the column lists every row written since the last call: once per row
   * however many steps it took. Runs when each clock advance returns (a build's five
   * steps are one re-file) and before a list reads the lists, so the lists are current
   * whenever a caller can look and no read pays for more than the writes of one advance.
   */
  settle(): void {
    const { dirty } = this;
    if (dirty.length === 0) return;
    const batches = new Map<ProjectRows, { added: Entry[]; written: Entry[] }>();
    for (let i = 0; i < dirty.length; i++) {
      const entry = dirty[i]!;
      entry.dirty = false;
      // Archived since it was written: already out of every list.
      if (entry.archived) continue;
      const { server } = entry;
      const rows = this.projectRows(server.projectId);
      let batch = batches.get(rows);
      if (!batch) batches.set(rows, (batch = { added: [], written: [] }));
      if (rows.has(entry)) {
        batch.written.push(entry);
        this.addressIndex.refile(entry, server);
      } else {
        batch.added.push(entry);
        this.addressIndex.file(entry);
      }
    }
    dirty.length = 0;
    for (const [rows, { added, written }] of batches) rows.update(added, written);
  }

  /** The entry of a server still in the table (not archived). */
  entry(serverId: string): Entry | undefined {
    this.fileMoves();
    return this.entries.get(serverId);
  }

  /** The fixed addresses of every row, sorted as text. */
  get addresses(): AddressIndex {
    this.settle();
    return this.addressIndex;
  }

  /** The sort and filter lists of one project; undefined when it has no servers. */
  rows(projectId: string): ProjectRows | undefined {
    this.settle();
    return this.rowsByProject.get(projectId);
  }

  /** Every project's lists, in project id order. */
  allRows(): [string, ProjectRows][] {
    this.settle();
    return [...this.rowsByProject].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * The servers not deleted that have the volume attached, in creation order: what
   * attach checks before a second attachment (Nova's BDM lookup by volume).
   */
  volumeHolders(volumeId: string): Server[] {
    const entries = this.holders.get(volumeId);
    if (entries === undefined) return [];
    return [...entries]
      .map((entry) => entry.server)
      .filter((s) => !s.deleted && s.volumes.some((v) => v.id === volumeId))
      .sort((a, b) => a.dbId - b.dbId);
  }

  /** Forgets an archived server (already out of every list, being deleted). */
  private archive(serverId: string): void {
    const entry = this.entries.get(serverId);
    if (entry === undefined) return;
    this.entries.delete(serverId);
    entry.archived = true;
    if (this.columns) {
      const rows = this.rowsByProject.get(entry.server.projectId);
      if (rows?.has(entry)) {
        rows.unfile(entry);
        this.addressIndex.unfile(entry);
      }
    }
    this.fileVolumes(entry, []);
    for (const scope of [this.allScope, this.projectScope(entry.server.projectId)]) {
      scope.archived++;
      if (scope.archived > 1024 && scope.archived * 2 > scope.entries.length) {
        scope.entries = scope.entries.filter((e) => !e.archived);
        scope.archived = 0;
      }
    }
  }

  /** The scope of a project; an empty one when it has no servers. */
  project(projectId: string): Scope {
    this.fileMoves();
    return this.projects.get(projectId) ?? emptyScope();
  }

  /** The building/scheduling servers of a scope: the build-request candidates. */
  scheduling(scope: Scope): SortedList<Entry> | undefined {
    return scope.buckets.get(SCHEDULING_BUCKET)?.list;
  }

  /**
   * Brings a server's place in the index up to date (idempotent). Its state bucket follows
   * in the next {@link fileMoves}: every step of every server lands here, so this only
   * queues the row.
   */
  sync(server: Server): void {
    let entry = this.entries.get(server.id);
    if (entry === undefined) {
      entry = keyOf(server);
      this.entries.set(server.id, entry);
      this.allScope.entries.push(entry);
      this.projectScope(server.projectId).entries.push(entry);
      if (this.columns) this.markDirty(entry);
      this.fileVolumes(entry, volumeIds(server));
    } else {
      if (entry.archived) return;
      if (this.columns) this.markDirty(entry);
      if (!sameVolumes(entry.volumes, server)) this.fileVolumes(entry, volumeIds(server));
    }
    if (!entry.queued) {
      entry.queued = true;
      this.moved.push(entry);
    }
  }

  private markDirty(entry: Entry): void {
    if (entry.dirty) return;
    entry.dirty = true;
    this.dirty.push(entry);
  }

  private fileVolumes(entry: Entry, ids: readonly string[]): void {
    for (const id of entry.volumes) {
      const set = this.holders.get(id);
      set?.delete(entry);
      if (set?.size === 0) this.holders.delete(id);
    }
    entry.volumes = ids;
    for (const id of ids) {
      let set = this.holders.get(id);
      if (!set) this.holders.set(id, (set = new Set()));
      set.add(entry);
    }
  }

  private projectScope(projectId: string): Scope {
    let scope = this.projects.get(projectId);
    if (!scope) this.projects.set(projectId, (scope = emptyScope()));
    return scope;
  }

  private projectRows(projectId: string): ProjectRows {
    let rows = this.rowsByProject.get(projectId);
    if (!rows) this.rowsByProject.set(projectId, (rows = new ProjectRows(projectId)));
    return rows;
  }

  private bucket(scope: Scope, server: Server, key: string): StateBucket {
    let bucket = scope.buckets.get(key);
    if (!bucket) {
      const { vmState, taskState } = server.machine;
      bucket = { vmState, taskState, list: new SortedList(newestEntryFirst) };
      scope.buckets.set(key, bucket);
    }
    return bucket;
  }

  /**
   * Files every server: each is read once into an entry, the entries are put newest first
   * once, and every list is filled already in order. A restore of a large cloud pays this,
   * so it allocates nothing per server beyond its entry.
   */
  private build(): void {
    const servers = this.cloud.compute.servers;
    const all: Entry[] = new Array(servers.size);
    const byProject = this.columns ? new Map<string, Entry[]>() : undefined;
    let n = 0;
    for (const server of servers.values()) {
      const entry = keyOf(server);
      entry.membership = membershipOf(server);
      const project = this.projectScope(server.projectId);
      this.entries.set(entry.id, entry);
      all[n++] = entry;
      this.allScope.entries.push(entry);
      project.entries.push(entry);
      if (byProject) {
        const members = byProject.get(server.projectId);
        if (members) members.push(entry);
        else byProject.set(server.projectId, [entry]);
      }
      if (server.volumes.length > 0) this.fileVolumes(entry, volumeIds(server));
    }
    if (byProject) {
      for (const [projectId, members] of byProject) this.projectRows(projectId).fill(members);
      this.addressIndex.fill(all);
    }
    const drafts = new Map<Scope, Draft>();
    const draftOf = (scope: Scope) => {
      let draft = drafts.get(scope);
      if (!draft) drafts.set(scope, (draft = { visible: [], buckets: new Map() }));
      return draft;
    };
    const everyone = draftOf(this.allScope);
    let lastProject: string | undefined;
    let lastDraft = everyone;
    for (const entry of newestFirst(all)) {
      const { membership } = entry;
      if (membership === null) continue;
      if (entry.server.projectId !== lastProject) {
        lastProject = entry.server.projectId;
        lastDraft = draftOf(this.projectScope(lastProject));
      }
      const visible = isVisibleIn(membership);
      fileDraft(everyone, membership, entry, visible);
      fileDraft(lastDraft, membership, entry, visible);
    }
    for (const [scope, draft] of drafts) {
      scope.visible.fill(draft.visible);
      for (const [key, members] of draft.buckets) {
        const { vmState, taskState } = members[0]!.server.machine;
        scope.buckets.set(key, {
          vmState,
          taskState,
          list: new SortedList(newestEntryFirst, members),
        });
      }
    }
  }
}

interface Draft {
  readonly visible: Entry[];
  readonly buckets: Map<string, Entry[]>;
}

function fileDraft(draft: Draft, membership: string, entry: Entry, visible: boolean): void {
  const members = draft.buckets.get(membership);
  if (members) members.push(entry);
  else draft.buckets.set(membership, [entry]);
  if (visible) draft.visible.push(entry);
}

/**
 * The entries newest first (ties by uuid), sorted in place. Servers come in creation order
 * (the table's), so when their times never go back the order is the runs of one creation
 * time taken from the last, each sorted by uuid: a sort of a multi-create's rows rather
 * than of the whole cloud.
 */
function newestFirst(entries: Entry[]): Entry[] {
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.createdAt < entries[i - 1]!.createdAt) return entries.sort(newestEntryFirst);
  }
  const out: Entry[] = new Array(entries.length);
  let n = 0;
  let end = entries.length;
  while (end > 0) {
    let start = end - 1;
    const at = entries[start]!.createdAt;
    while (start > 0 && entries[start - 1]!.createdAt === at) start--;
    if (end - start === 1) out[n++] = entries[start]!;
    else for (const entry of entries.slice(start, end).sort(byUuid)) out[n++] = entry;
    end = start;
  }
  return out;
}

const NO_VOLUMES: readonly string[] = [];

function volumeIds(server: Server): readonly string[] {
  return server.volumes.length === 0 ? NO_VOLUMES : server.volumes.map((v) => v.id);
}

function sameVolumes(ids: readonly string[], server: Server): boolean {
  // A loop, not `every` with a callback: this runs at every step of every server.
  const { volumes } = server;
  if (volumes.length !== ids.length) return false;
  for (let i = 0; i < ids.length; i++) if (volumes[i]!.id !== ids[i]) return false;
  return true;
}

const indexes = new WeakMap<NovaCloud, ServerIndex>();

/**
 * The cloud's list index, built from its servers on first use and kept current from its
 * events afterwards.
 *
 * @example
 * const newest = serverIndex(cloud).project('demo').visible.cursor().peek()?.server;
 */
export function serverIndex(cloud: NovaCloud): ServerIndex {
  let index = indexes.get(cloud);
  if (!index) {
    index = new ServerIndex(cloud);
    indexes.set(cloud, index);
  }
  return index;
}
