import { describe, expect, it } from 'vitest';
import {
  claimsOfConsumer,
  consumerHosts,
  createClaimLedger,
  findClaim,
  forgetClaim,
  recordClaim,
} from '../../src/scheduler/claims.js';

const r = (vcpus: number) => ({ vcpus, memoryMb: 512, diskGb: 1 });

describe('claim ledger', () => {
  it('keeps one claim per host for a consumer that holds one, then several, then one', () => {
    const ledger = createClaimLedger();
    recordClaim(ledger, 's1', 'h2', r(1));
    expect(findClaim(ledger, 's1', 'h2')).toEqual(r(1));
    expect(findClaim(ledger, 's1', 'h1')).toBeUndefined();
    recordClaim(ledger, 's1', 'h1', r(2));
    expect(consumerHosts(ledger, 's1')).toEqual(['h2', 'h1']);
    expect(claimsOfConsumer(ledger, 's1').map((c) => [c.host, c.resources.vcpus])).toEqual([
      ['h1', 2],
      ['h2', 1],
    ]);
    forgetClaim(ledger, 's1', 'h2');
    expect(consumerHosts(ledger, 's1')).toEqual(['h1']);
    expect(findClaim(ledger, 's1', 'h1')).toEqual(r(2));
    forgetClaim(ledger, 's1', 'h1');
    expect(consumerHosts(ledger, 's1')).toEqual([]);
    expect(ledger.byConsumer.size).toBe(0);
    expect(ledger.byHost.size).toBe(0);
  });

  it('replaces the resources of a claim made again on the same host', () => {
    const ledger = createClaimLedger();
    recordClaim(ledger, 's1', 'h1', r(1));
    recordClaim(ledger, 's1', 'h1', r(4));
    expect(claimsOfConsumer(ledger, 's1')).toEqual([
      { consumerId: 's1', host: 'h1', resources: r(4) },
    ]);
  });

  it('forgetting a host the consumer does not hold changes nothing', () => {
    const ledger = createClaimLedger();
    recordClaim(ledger, 's1', 'h1', r(1));
    forgetClaim(ledger, 's1', 'h9');
    expect(consumerHosts(ledger, 's1')).toEqual(['h1']);
  });

  it('holds one frozen object per amount, and never freezes the one it was given', () => {
    const ledger = createClaimLedger();
    const given = r(1);
    recordClaim(ledger, 's1', 'h1', given);
    recordClaim(ledger, 's2', 'h2', r(1));
    recordClaim(ledger, 's3', 'h1', r(2));
    const shared = findClaim(ledger, 's1', 'h1')!;
    expect(findClaim(ledger, 's2', 'h2')).toBe(shared);
    expect(findClaim(ledger, 's3', 'h1')).not.toBe(shared);
    expect(findClaim(ledger, 's3', 'h1')).toEqual(r(2));
    expect(Object.isFrozen(shared)).toBe(true);
    expect(Object.isFrozen(given)).toBe(false);
    // What leaves the ledger is a copy: writing it changes no claim.
    claimsOfConsumer(ledger, 's1')[0]!.resources.vcpus = 9;
    expect(findClaim(ledger, 's2', 'h2')).toEqual(r(1));
  });

  it('keeps claims of more distinct amounts than it shares, each as given', () => {
    const ledger = createClaimLedger();
    for (let i = 1; i <= 40; i++) recordClaim(ledger, `s${i}`, 'h1', r(i));
    for (let i = 1; i <= 40; i++) expect(findClaim(ledger, `s${i}`, 'h1')).toEqual(r(i));
    recordClaim(ledger, 's41', 'h2', r(40));
    expect(findClaim(ledger, 's41', 'h2')).toEqual(r(40));
  });
});
