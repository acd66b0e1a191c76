import type { Server } from '../../compute/server.js';
import type { NovaCloud } from '../nova-cloud.js';
import { SortedList } from './sorted-list.js';

/**
 * One server as the index files it: the sort fields copied into a small record of one
 * shape, so walks and comparisons never touch the (large) server object.
 */
export interface Entry {
  readonly server: Server;
  readonly createdAt: number;
  readonly id: string;
  /** The uuid's first 32 bits, compared before the text (lowercase hex keeps the order). */
  readonly prefix: number;
  /** The bucket the entry is filed under, or null once its row is deleted. */
  membership: string | null;
  /** The scope of the server's project (undefined for a marker key). */
  project: Scope | undefined;
  /** The row was archived: scans skip it until the scope's entries are compacted. */
  archived: boolean;
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

const bucketKey = (vmState: string, taskState: string | null) =>
  `${vmState}\u0000${taskState ?? ''}`;

/** The bucket of servers still to be scheduled: where build requests are found. */
export const SCHEDULING_BUCKET = bucketKey('building', 'scheduling');

/**
 * The index's order, Nova's default list order: newest first, ties by ascending uuid
 * (uuids are lowercase hex, so comparing their first 32 bits as numbers agrees).
 */
export function newestEntryFirst(a: Entry, b: Entry): number {
  return (
    b.createdAt - a.createdAt || a.prefix - b.prefix || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The first 8 hex digits as a number; 0 for ids that are not lowercase hex. */
function uuidPrefix(id: string): number {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const c = id.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return 0;
    value = value * 16 + digit;
  }
  return value;
}

/** A marker as an index key: the entry of the marker server, filed or not. */
export function keyOf(server: Server): Entry {
  return {
    server,
    createdAt: server.createdAt,
    id: server.id,
    prefix: uuidPrefix(server.id),
    membership: null,
    project: undefined,
    archived: false,
  };
}

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
 * and the servers of each (vm_state, task_state), each kept newest first and updated as the
 * engine changes rows (Compute.watch), so a page of the default list is a walk of `limit` steps.
 */
export class ServerIndex {
  readonly all: Scope = emptyScope();
  private readonly projects = new Map<string, Scope>();
  private readonly entries = new Map<string, Entry>();
  private readonly cloud: NovaCloud;

  constructor(cloud: NovaCloud) {
    this.cloud = cloud;
    this.build();
    cloud.compute.watch((server) => this.sync(server));
    cloud.events.on('server.archived', ({ serverId }) => this.archive(serverId));
  }

  /** Forgets an archived server (already out of every list, being deleted). */
  private archive(serverId: string): void {
    const entry = this.entries.get(serverId);
    if (entry === undefined) return;
    this.entries.delete(serverId);
    entry.archived = true;
    for (const scope of [this.all, entry.project!]) {
      scope.archived++;
      if (scope.archived > 1024 && scope.archived * 2 > scope.entries.length) {
        scope.entries = scope.entries.filter((e) => !e.archived);
        scope.archived = 0;
      }
    }
  }

  /** The scope of a project; an empty one when it has no servers. */
  project(projectId: string): Scope {
    return this.projects.get(projectId) ?? emptyScope();
  }

  /** The building/scheduling servers of a scope: the build-request candidates. */
  scheduling(scope: Scope): SortedList<Entry> | undefined {
    return scope.buckets.get(SCHEDULING_BUCKET)?.list;
  }

  /** Brings a server's place in the index up to date (idempotent). */
  sync(server: Server): void {
    const after = membershipOf(server);
    let entry = this.entries.get(server.id);
    if (entry === undefined) {
      entry = keyOf(server);
      entry.membership = after;
      const project = this.projectScope(server.projectId);
      entry.project = project;
      this.entries.set(server.id, entry);
      this.file(this.all, entry, server, after);
      this.file(project, entry, server, after);
      return;
    }
    const before = entry.membership;
    if (before === after) return;
    entry.membership = after;
    // Every step of every server lands here: two plain calls, no array of scopes per call.
    this.move(this.all, entry, server, before, after);
    this.move(entry.project!, entry, server, before, after);
  }

  private file(scope: Scope, entry: Entry, server: Server, membership: string | null): void {
    scope.entries.push(entry);
    if (membership !== null) this.bucket(scope, server, membership).list.insert(entry);
    if (isVisibleIn(membership)) scope.visible.insert(entry);
  }

  private move(
    scope: Scope,
    entry: Entry,
    server: Server,
    before: string | null,
    after: string | null,
  ): void {
    if (before !== null) scope.buckets.get(before)?.list.remove(entry);
    if (after !== null) this.bucket(scope, server, after).list.insert(entry);
    const wasVisible = isVisibleIn(before);
    const visible = isVisibleIn(after);
    if (wasVisible && !visible) scope.visible.remove(entry);
    if (visible && !wasVisible) scope.visible.insert(entry);
  }

  private projectScope(projectId: string): Scope {
    let scope = this.projects.get(projectId);
    if (!scope) this.projects.set(projectId, (scope = emptyScope()));
    return scope;
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
   * Files every server: each is read once into an entry, the entries are sorted once, and
   * every list is filled already in order.
   */
  private build(): void {
    const drafts = new Map<Scope, { visible: Entry[]; buckets: Map<string, Entry[]> }>();
    const draftOf = (scope: Scope) => {
      let draft = drafts.get(scope);
      if (!draft) drafts.set(scope, (draft = { visible: [], buckets: new Map() }));
      return draft;
    };
    const all: Entry[] = [];
    for (const server of this.cloud.compute.servers.values()) {
      const entry = keyOf(server);
      entry.membership = membershipOf(server);
      entry.project = this.projectScope(server.projectId);
      this.entries.set(entry.id, entry);
      all.push(entry);
      this.all.entries.push(entry);
      entry.project.entries.push(entry);
    }
    for (const entry of all.sort(newestEntryFirst)) {
      const { membership } = entry;
      if (membership === null) continue;
      for (const draft of [draftOf(this.all), draftOf(entry.project!)]) {
        let members = draft.buckets.get(membership);
        if (!members) draft.buckets.set(membership, (members = []));
        members.push(entry);
        if (isVisibleIn(membership)) draft.visible.push(entry);
      }
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
