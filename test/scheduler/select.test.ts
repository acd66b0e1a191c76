import { describe, expect, it } from 'vitest';
import {
  createScheduler,
  noValidHostMessage,
  type SchedulerOptions,
} from '../../src/scheduler/index.js';
import { chosen, flavor, one, seeded } from './helpers.js';

const small = flavor(1, 512, 1);

describe.each(['indexed', 'scan'] as const)('select (%s)', (strategy) => {
  function make(options: SchedulerOptions = {}) {
    return createScheduler({ ...options, strategy });
  }

  /** Hosts whose free RAM is their memoryMb − 512. */
  function withHosts(sizes: Record<string, number>, options: SchedulerOptions = {}) {
    const s = make(options);
    for (const [name, memoryMb] of Object.entries(sizes)) s.addHost({ name, memoryMb }, 0);
    return s;
  }

  it('spreads: most free RAM first, alternates next best', () => {
    const s = withHosts({ a: 8192, b: 32768, c: 16384, d: 4096 });
    expect(s.select(one(small), 0)).toEqual({ ok: true, picks: [['b', 'c', 'a']] });
  });

  it('packs: least free RAM first', () => {
    const s = withHosts({ a: 8192, b: 32768, c: 16384, d: 4096 }, { weigher: 'pack' });
    expect(s.select(one(small), 0)).toEqual({ ok: true, picks: [['d', 'a', 'c']] });
  });

  it('follows claims: spread fills the emptiest host first', () => {
    const s = withHosts({ a: 4608, b: 4608 });
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const [host] = chosen(s, s.select(one(flavor(1, 1024)), 0));
      s.claim(`vm${i}`, host!, flavor(1, 1024));
      seen.push(host!);
    }
    expect(seen).toEqual(['a', 'b', 'a', 'b']);
    expect(s.select(one(flavor(1, 1024)), 0).ok).toBe(true);
  });

  it('pack keeps filling one host until it is full', () => {
    const s = withHosts({ a: 2560, b: 2560 }, { weigher: 'pack' });
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const [host] = chosen(s, s.select(one(flavor(1, 1024)), 0));
      s.claim(`vm${i}`, host!, flavor(1, 1024));
      seen.push(host!);
    }
    expect(seen).toEqual(['a', 'a', 'b', 'b']);
    expect(s.select(one(flavor(1, 1024)), 0)).toEqual({ ok: false, reason: 'no-candidates' });
  });

  it('breaks ties by host name, ascending', () => {
    const s = withHosts({ h3: 8192, h1: 8192, h2: 8192, h0: 4096 });
    expect(s.select(one(small), 0)).toEqual({ ok: true, picks: [['h1', 'h2', 'h3']] });
    const p = withHosts({ h3: 8192, h1: 8192, h2: 8192 }, { weigher: 'pack' });
    expect(p.select(one(small), 0)).toEqual({ ok: true, picks: [['h1', 'h2', 'h3']] });
  });

  it('does not claim', () => {
    const s = withHosts({ a: 8192 });
    s.select({ resources: small, count: 1 }, 0);
    expect(s.usage('a')).toEqual(flavor(0, 0, 0));
    expect(s.claimsOnHost('a')).toEqual([]);
  });

  it('restricts to the requested availability zone', () => {
    const s = make();
    s.addHost({ name: 'a', memoryMb: 65536, availabilityZone: 'az1' }, 0);
    s.addHost({ name: 'b', memoryMb: 8192, availabilityZone: 'az2' }, 0);
    s.addHost({ name: 'c', memoryMb: 4096, availabilityZone: 'az2' }, 0);
    expect(s.select({ ...one(small), availabilityZone: 'az2' }, 0)).toEqual({
      ok: true,
      picks: [['b', 'c']],
    });
    expect(s.select({ ...one(small), availabilityZone: 'nova' }, 0)).toEqual({
      ok: false,
      reason: 'no-candidates',
    });
    expect(s.select(one(small), 0)).toEqual({ ok: true, picks: [['a', 'b', 'c']] });
  });

  it("says 'no-candidates' when nothing has capacity, 'not-enough-hosts' when filters drop them", () => {
    const s = withHosts({ a: 4096, b: 4096 });
    expect(s.select(one(flavor(1, 8192)), 0)).toEqual({ ok: false, reason: 'no-candidates' });
    expect(s.select({ ...one(small), ignoreHosts: ['a', 'b'] }, 0)).toEqual({
      ok: false,
      reason: 'not-enough-hosts',
    });
    expect(noValidHostMessage('no-candidates')).toBe('No valid host was found. ');
    expect(noValidHostMessage('not-enough-hosts')).toBe(
      'No valid host was found. There are not enough hosts available.',
    );
  });

  it('gives distinct alternates that fit, at most maxAttempts − 1', () => {
    const s = withHosts({ a: 4096, b: 32768, c: 16384, d: 8192, e: 2048 });
    const r = s.select(one(flavor(1, 3000)), 0);
    expect(r).toEqual({ ok: true, picks: [['b', 'c', 'd']] });
    const four = withHosts({ a: 4096, b: 32768, c: 16384 }, { maxAttempts: 5 });
    // e-like hosts that cannot fit are never alternates
    four.addHost({ name: 'tiny', memoryMb: 1024 }, 0);
    expect(four.select(one(flavor(1, 3000)), 0)).toEqual({ ok: true, picks: [['b', 'c', 'a']] });
    const single = withHosts({ a: 4096, b: 8192 }, { maxAttempts: 1 });
    expect(single.select(one(small), 0)).toEqual({ ok: true, picks: [['b']] });
  });

  it('places a multi-create all or nothing, counting earlier instances', () => {
    // each host fits two 1536 MB servers
    const s = withHosts({ a: 3584, b: 3584, c: 3584 });
    const r = s.select({ resources: flavor(1, 1536), count: 6 }, 0);
    expect(chosen(s, r).sort()).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
    expect(s.select({ resources: flavor(1, 1536), count: 7 }, 0)).toEqual({
      ok: false,
      reason: 'not-enough-hosts',
    });
  });

  it('spreads a multi-create and gives every instance the same unchosen alternates', () => {
    const s = withHosts({ a: 16384, b: 16896, c: 4096, d: 8192 });
    const r = s.select({ resources: flavor(1, 1024), count: 2 }, 0);
    expect(r).toEqual({
      ok: true,
      picks: [
        ['b', 'd', 'c'],
        ['a', 'd', 'c'],
      ],
    });
  });

  it('honours ignoreHosts (resize away from the current host)', () => {
    const s = withHosts({ a: 8192, b: 4096 });
    expect(s.select({ ...one(small), ignoreHosts: ['a'] }, 0)).toEqual({
      ok: true,
      picks: [['b']],
    });
  });

  it("ignores same_host and different_host under Nova's default enabled_filters", () => {
    const s = withHosts({ a: 8192, b: 16384, c: 4096 });
    expect(s.select({ ...one(small), sameHost: ['c'] }, 0)).toEqual({
      ok: true,
      picks: [['b', 'a', 'c']],
    });
    expect(s.select({ ...one(small), differentHost: ['b'] }, 0)).toEqual({
      ok: true,
      picks: [['b', 'a', 'c']],
    });
  });

  it('honours same_host and different_host when their filters are enabled', () => {
    const s = withHosts(
      { a: 8192, b: 16384, c: 4096 },
      { filters: { enabledFilters: ['ComputeFilter', 'SameHostFilter', 'DifferentHostFilter'] } },
    );
    expect(s.select({ ...one(small), sameHost: ['a', 'c'] }, 0)).toEqual({
      ok: true,
      picks: [['a', 'c']],
    });
    expect(s.select({ ...one(small), differentHost: ['b'] }, 0)).toEqual({
      ok: true,
      picks: [['a', 'c']],
    });
    expect(s.select({ ...one(small), sameHost: [] }, 0)).toEqual({
      ok: false,
      reason: 'not-enough-hosts',
    });
    expect(s.select({ ...one(small), sameHost: ['b'], differentHost: ['b'] }, 0)).toEqual({
      ok: false,
      reason: 'not-enough-hosts',
    });
  });

  it('forces a host (az:host): filters bypassed, capacity and disabled still checked', () => {
    const s = withHosts({ a: 8192, b: 16384 });
    s.setAlive('a', false, 0);
    expect(s.select({ ...one(small), forcedHost: 'a' }, 120_000)).toEqual({
      ok: true,
      picks: [['a']],
    });
    expect(
      s.select(
        { ...one(small), forcedHost: 'a', group: { policy: 'anti-affinity', memberHosts: ['a'] } },
        0,
      ),
    ).toEqual({ ok: true, picks: [['a']] });
    expect(s.select({ ...one(flavor(1, 9000)), forcedHost: 'a' }, 0)).toEqual({
      ok: false,
      reason: 'no-candidates',
    });
    expect(s.select({ ...one(small), forcedHost: 'ghost' }, 0)).toEqual({
      ok: false,
      reason: 'no-candidates',
    });
    expect(s.select({ resources: flavor(1, 4096), count: 2, forcedHost: 'a' }, 0)).toEqual({
      ok: false,
      reason: 'not-enough-hosts',
    });
    s.setEnabled('a', false);
    expect(s.select({ ...one(small), forcedHost: 'a' }, 0)).toEqual({
      ok: false,
      reason: 'no-candidates',
    });
  });

  it('requests a host (2.74): only that host, filters still apply', () => {
    const s = withHosts({ a: 8192, b: 16384 });
    expect(s.select({ ...one(small), requestedHost: 'a' }, 0)).toEqual({
      ok: true,
      picks: [['a']],
    });
    s.setAlive('a', false, 0);
    expect(s.select({ ...one(small), requestedHost: 'a' }, 120_000)).toEqual({
      ok: false,
      reason: 'not-enough-hosts',
    });
    expect(s.select({ ...one(flavor(1, 9000)), requestedHost: 'a' }, 0)).toEqual({
      ok: false,
      reason: 'no-candidates',
    });
  });

  it('matches image properties against supported instances (ImagePropertiesFilter)', () => {
    const s = make();
    s.addHost({ name: 'x86', memoryMb: 4096 }, 0);
    s.addHost(
      {
        name: 'arm',
        memoryMb: 8192,
        supportedInstances: [{ architecture: 'aarch64', hypervisorType: 'fake', vmMode: 'hvm' }],
      },
      0,
    );
    const req = (imageProperties: Record<string, string>) => ({ ...one(small), imageProperties });
    expect(s.select(req({ hw_architecture: 'x86_64' }), 0)).toEqual({ ok: true, picks: [['x86']] });
    expect(s.select(req({ architecture: 'AMD64' }), 0)).toEqual({ ok: true, picks: [['x86']] });
    expect(s.select(req({ hw_architecture: 'aarch64', img_hv_type: 'fake' }), 0)).toEqual({
      ok: true,
      picks: [['arm']],
    });
    expect(s.select(req({ img_hv_type: 'kvm' }), 0)).toEqual({
      ok: false,
      reason: 'not-enough-hosts',
    });
    expect(s.select(req({ hw_vm_mode: 'hv', os_distro: 'ubuntu' }), 0)).toEqual({
      ok: true,
      picks: [['arm', 'x86']],
    });
  });

  it('requires the requested traits (Placement)', () => {
    const s = make();
    s.addHost({ name: 'a', memoryMb: 4096, traits: ['CUSTOM_GPU'] }, 0);
    s.addHost({ name: 'b', memoryMb: 8192 }, 0);
    expect(s.select({ ...one(small), requiredTraits: ['CUSTOM_GPU'] }, 0)).toEqual({
      ok: true,
      picks: [['a']],
    });
    expect(s.select({ ...one(small), requiredTraits: ['CUSTOM_FPGA'] }, 0)).toEqual({
      ok: false,
      reason: 'no-candidates',
    });
  });

  it('draws host_subset_size choices from the injected generator only', () => {
    const sizes = { a: 32768, b: 16384, c: 8192, d: 4096 };
    const picksOf = (seed: number) => {
      const s = withHosts(sizes, { hostSubsetSize: 2, random: seeded(seed) });
      return Array.from({ length: 8 }, () => chosen(s, s.select(one(small), 0))[0]);
    };
    const first = picksOf(7);
    expect(first).toEqual(picksOf(7));
    expect(new Set(first.flat())).toEqual(new Set(['a', 'b']));
    expect(() => make({ hostSubsetSize: 2 })).toThrow(RangeError);
  });

  it('rejects malformed requests as caller bugs', () => {
    const s = withHosts({ a: 8192 });
    expect(() => s.select({ resources: small, count: 0 }, 0)).toThrow(RangeError);
    expect(() => s.select({ resources: flavor(-1, 0), count: 1 }, 0)).toThrow(RangeError);
  });
});
