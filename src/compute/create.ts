import { reservationId, uuid4 } from '../random/ids.js';
import type { Random } from '../random/prng.js';
import type { Compute } from './compute.js';
import { sanitizeHostname } from './hostname.js';
import type { Caller } from './operations.js';
import { recordAction } from './operations.js';
import {
  type Address,
  type AttachedVolume,
  type Flavor,
  NO_ADDRESSES,
  NO_ALTERNATES,
  type Server,
} from './server.js';

const HOSTNAMES = new Map<string, string>();

/**
 * The hints of a request that gave none, shared by all such servers (56 bytes each
 * otherwise): nothing writes into them after create. Frozen, so a write in place would
 * throw rather than leak to other servers. (Metadata is not shared: callers of the library
 * write a record's metadata in place.)
 */
const NO_HINTS: Record<string, string[]> = Object.freeze({}) as Record<string, string[]>;

/**
 * The security groups of a request that named none. Shared and frozen, as the hints: the
 * engine replaces a server's list whole (from its ports), never writes into it, and a list
 * of its own cost 56 bytes a server.
 */
const DEFAULT_GROUPS: string[] = Object.freeze(['default']) as unknown as string[];

const isEmpty = (record: object | undefined): boolean => {
  for (const _ in record) return false;
  return true;
};

/** sanitizeHostname, memoised by name: clouds build many servers of few names. */
function hostnameFor(name: string, id: string): string {
  let hostname = HOSTNAMES.get(name);
  if (hostname === undefined) {
    hostname = sanitizeHostname(name, id);
    // A name with nothing usable falls back to one per server id: never share that.
    if (hostname.startsWith('Server-')) return hostname;
    if (HOSTNAMES.size > 10_000) HOSTNAMES.clear();
    HOSTNAMES.set(name, hostname);
  }
  return hostname;
}

/** A validated create request, as the engine takes it (the API layer resolves names and refs). */
export interface BuildRequest {
  readonly name: string;
  readonly flavor: Flavor;
  /** '' for a server booted from a volume. */
  readonly imageRef: string;
  readonly count?: number;
  readonly availabilityZone?: string | null;
  readonly forcedHost?: string | null;
  /** The node of `az:host:node` / `az::node`, when given. */
  readonly forcedNode?: string;
  readonly requestedHost?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly tags?: readonly string[];
  readonly keyName?: string | null;
  readonly keyData?: string | null;
  readonly accessIPv4?: string;
  readonly accessIPv6?: string;
  readonly autoDiskConfig?: boolean;
  readonly configDrive?: boolean;
  readonly userData?: string | null;
  /** undefined: Nova before 2.19 sets the description to the name. */
  readonly description?: string | null;
  readonly hostname?: string | null;
  readonly securityGroups?: readonly string[];
  readonly volumes?: readonly AttachedVolume[];
  readonly serverGroupId?: string | null;
  readonly schedulerHints?: Readonly<Record<string, readonly string[]>>;
  readonly trustedImageCertificates?: readonly string[] | null;
  readonly rootDeviceName?: string | null;
  /** Addresses for the n-th server of the request. */
  readonly addresses?: (index: number, serverId: string) => Address[];
}

/**
 * Admits the servers of one create request: ids, names (`name-1`… for a multi-create),
 * hostnames, one reservation id; each starts its build walk at once.
 *
 * @example
 * const [server] = createServers(compute, random, caller, { name: 'web', flavor, imageRef });
 */
export function createServers(
  compute: Compute,
  random: Random,
  caller: Caller,
  request: BuildRequest,
): Server[] {
  const count = request.count ?? 1;
  const reservation = reservationId(random);
  const now = compute.now();
  // One list for all the request's servers (see DEFAULT_GROUPS).
  const securityGroups = request.securityGroups
    ? (Object.freeze([...request.securityGroups]) as string[])
    : DEFAULT_GROUPS;
  const servers: Server[] = [];
  for (let index = 0; index < count; index++) {
    const id = uuid4(random);
    const name = count > 1 ? `${request.name}-${index + 1}` : request.name;
    const baseHostname = request.hostname ?? hostnameFor(request.name, id);
    const server = compute.admit({
      id,
      name,
      projectId: caller.projectId,
      userId: caller.userId,
      deleted: false,
      host: null,
      flavor: request.flavor,
      imageRef: request.imageRef,
      createdAt: now,
      updatedAt: now,
      launchedAt: null,
      terminatedAt: null,
      deletedAt: null,
      shelvedAt: null,
      reservationId: reservation,
      launchIndex: index,
      requestedAz: request.availabilityZone ?? null,
      forcedHost: request.forcedHost ?? null,
      requestedHost: request.requestedHost ?? null,
      availabilityZone: request.availabilityZone ?? null,
      metadata: { ...request.metadata },
      tags: request.tags ? [...request.tags] : [],
      keyName: request.keyName ?? null,
      keyData: request.keyData ?? null,
      accessIPv4: request.accessIPv4 ?? '',
      accessIPv6: request.accessIPv6 ?? '',
      autoDiskConfig: request.autoDiskConfig ?? false,
      configDrive: request.configDrive ?? false,
      userData: request.userData ?? null,
      description: request.description === undefined ? name : request.description,
      hostname:
        // A hostname spelled as the name is the name's own string: a second copy of each
        // unique name cost ~32-40 bytes a server (a restore's `same` column shares it too).
        baseHostname === request.name
          ? name
          : count > 1
            ? `${baseHostname}-${index + 1}`
            : baseHostname,
      lockedBy: null,
      lockedReason: null,
      fault: null,
      addresses: request.addresses?.(index, id) ?? NO_ADDRESSES,
      securityGroups,
      volumes: request.volumes ? [...request.volumes] : [],
      serverGroupId: request.serverGroupId ?? null,
      schedulerHints: !isEmpty(request.schedulerHints)
        ? Object.fromEntries(
            Object.entries(request.schedulerHints!).map(([key, values]) => [key, [...values]]),
          )
        : NO_HINTS,
      trustedImageCertificates: request.trustedImageCertificates
        ? [...request.trustedImageCertificates]
        : null,
      rootDeviceName: request.rootDeviceName ?? '/dev/vda',
      migration: null,
      attempts: 0,
      alternates: NO_ALTERNATES,
      actions: [],
      // Filled in by admit; present from the start so the row keeps all its fields in-object.
      machine: undefined,
      dbId: 0,
    });
    if (request.forcedNode !== undefined) server.forcedNode = request.forcedNode;
    recordAction(compute, server, caller, 'create');
    servers.push(server);
  }
  if (count > 1)
    compute.reservations.set(
      reservation,
      servers.map((server) => server.id),
    );
  return servers;
}
