import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/scheduler/index.js';
import { chosen, flavor, one } from './helpers.js';

describe('host_status (§8.4)', () => {
  it("is '' without a host or for an unknown host", () => {
    const s = createScheduler();
    expect(s.hostStatus(null, 0)).toBe('');
    expect(s.hostStatus('ghost', 0)).toBe('');
    expect(s.isUp('ghost', 0)).toBe(false);
    expect(s.isAlive('ghost')).toBe(false);
  });

  it('stays UP for service_down_time after the last heartbeat, then UNKNOWN', () => {
    const s = createScheduler();
    s.addHost({ name: 'c1' }, 0);
    expect(s.hostStatus('c1', 1_000_000)).toBe('UP');
    s.setAlive('c1', false, 10_000);
    expect(s.isAlive('c1')).toBe(false);
    expect(s.hostStatus('c1', 10_000)).toBe('UP');
    expect(s.hostStatus('c1', 70_000)).toBe('UP');
    expect(s.isUp('c1', 70_000)).toBe(true);
    expect(s.hostStatus('c1', 70_001)).toBe('UNKNOWN');
    expect(s.isUp('c1', 70_001)).toBe(false);
    s.setAlive('c1', true, 200_000);
    expect(s.hostStatus('c1', 200_000)).toBe('UP');
  });

  it('honours a custom serviceDownTimeMs', () => {
    const s = createScheduler({ serviceDownTimeMs: 5_000 });
    s.addHost({ name: 'c1' }, 0);
    s.setAlive('c1', false, 0);
    expect(s.isUp('c1', 5_000)).toBe(true);
    expect(s.isUp('c1', 5_001)).toBe(false);
  });

  it('evaluates forced down, then disabled, then liveness', () => {
    const s = createScheduler();
    s.addHost({ name: 'c1' }, 0);
    s.setEnabled('c1', false, 'maintenance window');
    expect(s.getHost('c1')?.disabledReason).toBe('maintenance window');
    expect(s.hostStatus('c1', 0)).toBe('MAINTENANCE');
    s.setAlive('c1', false, 0);
    expect(s.hostStatus('c1', 120_000)).toBe('MAINTENANCE');
    s.setForcedDown('c1', true);
    expect(s.hostStatus('c1', 0)).toBe('DOWN');
    expect(s.isUp('c1', 0)).toBe(false);
    s.setEnabled('c1', true);
    expect(s.getHost('c1')?.disabledReason).toBeNull();
    expect(s.hostStatus('c1', 0)).toBe('DOWN');
    s.setForcedDown('c1', false);
    expect(s.hostStatus('c1', 0)).toBe('UP');
    expect(s.hostStatus('c1', 120_000)).toBe('UNKNOWN');
  });

  it('a forced-down host is DOWN even while its process heart-beats', () => {
    const s = createScheduler();
    s.addHost({ name: 'c1' }, 0);
    s.setForcedDown('c1', true);
    expect(s.isAlive('c1')).toBe(true);
    expect(s.hostStatus('c1', 0)).toBe('DOWN');
  });
});

describe('ComputeFilter and the disabled trait', () => {
  const small = flavor(1, 512);

  function pair() {
    const s = createScheduler();
    s.addHost({ name: 'big', memoryMb: 65536 }, 0);
    s.addHost({ name: 'small', memoryMb: 8192 }, 0);
    return s;
  }

  it('skips a disabled host; with only disabled hosts Placement has no candidate', () => {
    const s = pair();
    s.setEnabled('big', false);
    expect(chosen(s, s.select(one(small), 0))).toEqual(['small']);
    s.setEnabled('small', false);
    expect(s.select(one(small), 0)).toEqual({ ok: false, reason: 'no-candidates' });
    s.setEnabled('big', true);
    expect(chosen(s, s.select(one(small), 0))).toEqual(['big']);
  });

  it('skips a forced-down host (a candidate the filter drops)', () => {
    const s = pair();
    s.setForcedDown('big', true);
    expect(s.select(one(small), 0)).toEqual({ ok: true, picks: [['small']] });
    s.setForcedDown('small', true);
    expect(s.select(one(small), 0)).toEqual({ ok: false, reason: 'not-enough-hosts' });
  });

  it('keeps a dead compute eligible for 60 s, then drops it', () => {
    const s = pair();
    s.setAlive('big', false, 1_000);
    expect(chosen(s, s.select(one(small), 61_000))).toEqual(['big']);
    expect(s.select(one(small), 61_001)).toEqual({ ok: true, picks: [['small']] });
    s.setAlive('small', false, 1_000);
    expect(s.select(one(small), 61_001)).toEqual({ ok: false, reason: 'not-enough-hosts' });
  });
});
