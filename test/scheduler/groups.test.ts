import { describe, expect, it } from 'vitest';
import {
  createScheduler,
  type GroupRequest,
  type SchedulerOptions,
} from '../../src/scheduler/index.js';
import { chosen, flavor } from './helpers.js';

const small = flavor(1, 512, 1);

describe.each(['indexed', 'scan'] as const)('server groups (%s)', (strategy) => {
  /**
   * Hosts h0..h(n-1), h0 with the most free RAM. Weighed by RAM and the group
   * weighers only, so each pick's other effects (an I/O op, fewer free vCPUs) do
   * not blur what these tests show; test/scheduler/weighers.test.ts has the rest.
   */
  function hosts(n: number, options: SchedulerOptions = {}) {
    const weighing = {
      weightClasses: [
        'RAMWeigher',
        'ServerGroupSoftAffinityWeigher',
        'ServerGroupSoftAntiAffinityWeigher',
      ] as const,
    };
    const s = createScheduler({ weighing, ...options, strategy });
    for (let i = 0; i < n; i++) s.addHost({ name: `h${i}`, memoryMb: 32768 - i * 1024 }, 0);
    return s;
  }
  const req = (group: GroupRequest, count = 1) => ({ resources: small, count, group });

  describe('anti-affinity', () => {
    it('skips hosts that already run a member', () => {
      const s = hosts(3);
      expect(s.select(req({ policy: 'anti-affinity', memberHosts: ['h0'] }), 0)).toEqual({
        ok: true,
        picks: [['h1', 'h2']],
      });
    });

    it('allows up to max_server_per_host members per host', () => {
      const s = hosts(2);
      const group = { policy: 'anti-affinity' as const, memberHosts: ['h0', 'h1', 'h1'] };
      expect(s.select(req({ ...group, maxServerPerHost: 2 }), 0)).toEqual({
        ok: true,
        picks: [['h0']],
      });
      expect(s.select(req(group), 0)).toEqual({ ok: false, reason: 'not-enough-hosts' });
    });

    it('needs N distinct hosts for a multi-create of N', () => {
      const s = hosts(3);
      const group = { policy: 'anti-affinity' as const, memberHosts: [] };
      expect(chosen(s, s.select(req(group, 3), 0))).toEqual(['h0', 'h1', 'h2']);
      expect(s.select(req(group, 4), 0)).toEqual({ ok: false, reason: 'not-enough-hosts' });
      expect(chosen(s, s.select(req({ ...group, maxServerPerHost: 2 }, 4), 0)).sort()).toEqual([
        'h0',
        'h0',
        'h1',
        'h1',
      ]);
    });

    it('gives a multi-create only alternates that pass after all picks', () => {
      const s = hosts(4);
      expect(s.select(req({ policy: 'anti-affinity', memberHosts: ['h3'] }, 2), 0)).toEqual({
        ok: true,
        picks: [
          ['h0', 'h2'],
          ['h1', 'h2'],
        ],
      });
    });
  });

  describe('affinity', () => {
    it('puts a whole multi-create on one host when the group is empty', () => {
      const s = hosts(3);
      const r = s.select(req({ policy: 'affinity', memberHosts: [] }, 3), 0);
      // after the picks the group has a host, so no other host is a valid alternate
      expect(r).toEqual({ ok: true, picks: [['h0'], ['h0'], ['h0']] });
    });

    it('keeps alternates for a single instance (Nova does not re-filter then)', () => {
      const s = hosts(3);
      expect(s.select(req({ policy: 'affinity', memberHosts: [] }), 0)).toEqual({
        ok: true,
        picks: [['h0', 'h1', 'h2']],
      });
    });

    it('only uses the members’ hosts', () => {
      const s = hosts(3);
      expect(s.select(req({ policy: 'affinity', memberHosts: ['h2', 'h2'] }), 0)).toEqual({
        ok: true,
        picks: [['h2']],
      });
    });

    it('fails when the members’ host is full or down', () => {
      const s = hosts(3);
      s.claim('big', 'h2', flavor(1, s.free('h2').memoryMb - 256));
      expect(s.select(req({ policy: 'affinity', memberHosts: ['h2'] }), 0)).toEqual({
        ok: false,
        reason: 'not-enough-hosts',
      });
      s.release('big');
      s.setForcedDown('h2', true);
      expect(s.select(req({ policy: 'affinity', memberHosts: ['h2'] }), 0)).toEqual({
        ok: false,
        reason: 'not-enough-hosts',
      });
    });

    it('runs out of room on the one host of a multi-create', () => {
      const s = createScheduler({ strategy });
      s.addHost({ name: 'a', memoryMb: 2560 }, 0);
      s.addHost({ name: 'b', memoryMb: 2560 }, 0);
      const group = { policy: 'affinity' as const, memberHosts: [] };
      expect(chosen(s, s.select({ resources: flavor(1, 1024), count: 2, group }, 0))).toEqual([
        'a',
        'a',
      ]);
      expect(s.select({ resources: flavor(1, 1024), count: 3, group }, 0)).toEqual({
        ok: false,
        reason: 'not-enough-hosts',
      });
    });
  });

  describe('soft policies weigh but never filter', () => {
    function three() {
      const s = createScheduler({ strategy });
      s.addHost({ name: 'a', memoryMb: 10752 }, 0); // free 10240
      s.addHost({ name: 'b', memoryMb: 16896 }, 0); // free 16384
      s.addHost({ name: 'c', memoryMb: 4608 }, 0); // free 4096
      return s;
    }

    it('soft-affinity prefers a member host over more free RAM', () => {
      // RAM 0.5 + soft 1 for a beats RAM 1 for b
      expect(three().select(req({ policy: 'soft-affinity', memberHosts: ['a'] }), 0)).toEqual({
        ok: true,
        picks: [['a', 'b', 'c']],
      });
    });

    it('soft-anti-affinity avoids a member host despite more free RAM', () => {
      // RAMWeigher normalises from 0 (minval): a 0.625, b 1, c 0.25; the soft weight
      // gives b 0 and the others 1, so c (1.25) also beats b (1)
      expect(three().select(req({ policy: 'soft-anti-affinity', memberHosts: ['b'] }), 0)).toEqual({
        ok: true,
        picks: [['a', 'c', 'b']],
      });
    });

    it('soft-anti-affinity still places when every host has members', () => {
      const s = hosts(1);
      expect(s.select(req({ policy: 'soft-anti-affinity', memberHosts: ['h0', 'h0'] }), 0)).toEqual(
        { ok: true, picks: [['h0']] },
      );
    });

    it('soft-anti-affinity spreads a multi-create over equal hosts', () => {
      const s = createScheduler({ strategy });
      for (const name of ['h0', 'h1', 'h2']) s.addHost({ name }, 0);
      expect(
        chosen(s, s.select(req({ policy: 'soft-anti-affinity', memberHosts: [] }, 4), 0)),
      ).toEqual(['h0', 'h1', 'h2', 'h0']);
    });

    it('RAM normalises from 0, not from the smallest free RAM (RAMWeigher.minval)', () => {
      // third pick: h0 (1 member, RAM weight 31744/31744) loses to h2 (0 members, RAM
      // weight 30208/31744 + soft weight 1); min-max RAM would have tied them at 1
      const s = hosts(3);
      expect(
        chosen(s, s.select(req({ policy: 'soft-anti-affinity', memberHosts: [] }, 3), 0)),
      ).toEqual(['h0', 'h1', 'h2']);
    });

    it('soft-affinity keeps a multi-create together', () => {
      const s = hosts(3);
      expect(chosen(s, s.select(req({ policy: 'soft-affinity', memberHosts: [] }, 3), 0))).toEqual([
        'h0',
        'h0',
        'h0',
      ]);
    });
  });
});
