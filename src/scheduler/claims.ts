import { copyResources, type Resources } from './resources.js';

/**
 * One Placement allocation: what a consumer (a server uuid, or a migration uuid
 * during a move) holds on one host.
 */
export interface Claim {
  consumerId: string;
  host: string;
  resources: Resources;
}

/**
 * Every claim, indexed both ways. A consumer holds at most one claim per host.
 *
 * Nearly every consumer (a server) holds one claim: its entry in `byConsumer` is then just
 * the host name, and the resources are in `byHost`. A Map per consumer cost ~180 bytes of
 * heap per server; a consumer gets one only while it holds claims on several hosts (a move).
 */
export interface ClaimLedger {
  readonly byConsumer: Map<string, string | Map<string, Resources>>;
  readonly byHost: Map<string, Map<string, Resources>>;
  /** The amounts claims share (see {@link sharedAmount}), at most {@link SHARED_AMOUNTS}. */
  readonly amounts: Resources[];
}

/** How many distinct amounts a ledger shares; claims of any other amount keep their own. */
const SHARED_AMOUNTS = 16;

export function createClaimLedger(): ClaimLedger {
  return { byConsumer: new Map(), byHost: new Map(), amounts: [] };
}

/**
 * One frozen object for every claim of the same amount: a cloud's claims come from few
 * flavors, and an object of its own cost each server 24–32 bytes for its lifetime. Nothing
 * writes a held claim's resources in place: what leaves the ledger is a copy.
 */
function sharedAmount(ledger: ClaimLedger, r: Resources): Resources {
  const { amounts } = ledger;
  for (let i = 0; i < amounts.length; i++) {
    const shared = amounts[i]!;
    if (shared.vcpus === r.vcpus && shared.memoryMb === r.memoryMb && shared.diskGb === r.diskGb)
      return shared;
  }
  if (amounts.length === SHARED_AMOUNTS) return r;
  const shared = Object.freeze(copyResources(r));
  amounts.push(shared);
  return shared;
}

export function findClaim(
  ledger: ClaimLedger,
  consumerId: string,
  host: string,
): Resources | undefined {
  const mine = ledger.byConsumer.get(consumerId);
  if (typeof mine === 'string')
    return mine === host ? ownClaim(ledger, consumerId, host) : undefined;
  return mine?.get(host);
}

/** The consumer's host names, in the order its claims were made. */
export function consumerHosts(ledger: ClaimLedger, consumerId: string): string[] {
  const mine = ledger.byConsumer.get(consumerId);
  if (mine === undefined) return [];
  return typeof mine === 'string' ? [mine] : [...mine.keys()];
}

/** Visits the consumer's claims in the order they were made. */
export function eachClaimOf(
  ledger: ClaimLedger,
  consumerId: string,
  visit: (host: string, resources: Resources) => void,
): void {
  const mine = ledger.byConsumer.get(consumerId);
  if (mine === undefined) return;
  if (typeof mine === 'string') visit(mine, ownClaim(ledger, consumerId, mine));
  else for (const [host, resources] of mine) visit(host, resources);
}

function ownClaim(ledger: ClaimLedger, consumerId: string, host: string): Resources {
  return ledger.byHost.get(host)!.get(consumerId)!;
}

function inner<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let m = map.get(key);
  if (m === undefined) {
    m = new Map();
    map.set(key, m);
  }
  return m;
}

function deleteInner<V>(map: Map<string, Map<string, V>>, key: string, innerKey: string): void {
  const m = map.get(key);
  if (m === undefined) return;
  m.delete(innerKey);
  if (m.size === 0) map.delete(key);
}

export function recordClaim(
  ledger: ClaimLedger,
  consumerId: string,
  host: string,
  claimed: Resources,
): void {
  const resources = sharedAmount(ledger, claimed);
  const mine = ledger.byConsumer.get(consumerId);
  if (mine === undefined) {
    ledger.byConsumer.set(consumerId, host);
  } else if (typeof mine === 'string') {
    if (mine !== host) {
      const several = new Map([[mine, ownClaim(ledger, consumerId, mine)]]);
      several.set(host, resources);
      ledger.byConsumer.set(consumerId, several);
    }
  } else {
    mine.set(host, resources);
  }
  inner(ledger.byHost, host).set(consumerId, resources);
}

export function forgetClaim(ledger: ClaimLedger, consumerId: string, host: string): void {
  const mine = ledger.byConsumer.get(consumerId);
  if (typeof mine === 'string') {
    if (mine === host) ledger.byConsumer.delete(consumerId);
  } else if (mine !== undefined) {
    mine.delete(host);
    if (mine.size === 0) ledger.byConsumer.delete(consumerId);
  }
  deleteInner(ledger.byHost, host, consumerId);
}

function byKey<V>(map: Map<string, V> | undefined): [string, V][] {
  if (map === undefined) return [];
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A consumer's claims, by host name. */
export function claimsOfConsumer(ledger: ClaimLedger, consumerId: string): Claim[] {
  const mine = new Map<string, Resources>();
  eachClaimOf(ledger, consumerId, (host, resources) => mine.set(host, resources));
  return byKey(mine).map(([host, r]) => ({
    consumerId,
    host,
    resources: copyResources(r),
  }));
}

/** A host's claims, by consumer id. */
export function claimsOnHost(ledger: ClaimLedger, host: string): Claim[] {
  return byKey(ledger.byHost.get(host)).map(([consumerId, r]) => ({
    consumerId,
    host,
    resources: copyResources(r),
  }));
}

/** Every claim, by consumer id then host name: the order a snapshot stores. */
export function allClaims(ledger: ClaimLedger): Claim[] {
  return byKey(ledger.byConsumer).flatMap(([consumerId]) => claimsOfConsumer(ledger, consumerId));
}
