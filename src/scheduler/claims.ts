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

/** Every claim, indexed both ways. A consumer holds at most one claim per host. */
export interface ClaimLedger {
  readonly byConsumer: Map<string, Map<string, Resources>>;
  readonly byHost: Map<string, Map<string, Resources>>;
}

export function createClaimLedger(): ClaimLedger {
  return { byConsumer: new Map(), byHost: new Map() };
}

export function findClaim(
  ledger: ClaimLedger,
  consumerId: string,
  host: string,
): Resources | undefined {
  return ledger.byConsumer.get(consumerId)?.get(host);
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
  resources: Resources,
): void {
  inner(ledger.byConsumer, consumerId).set(host, resources);
  inner(ledger.byHost, host).set(consumerId, resources);
}

export function forgetClaim(ledger: ClaimLedger, consumerId: string, host: string): void {
  deleteInner(ledger.byConsumer, consumerId, host);
  deleteInner(ledger.byHost, host, consumerId);
}

function byKey<V>(map: Map<string, V> | undefined): [string, V][] {
  if (map === undefined) return [];
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A consumer's claims, by host name. */
export function claimsOfConsumer(ledger: ClaimLedger, consumerId: string): Claim[] {
  return byKey(ledger.byConsumer.get(consumerId)).map(([host, r]) => ({
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
