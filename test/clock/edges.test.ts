import { describe, expect, it } from 'vitest';
import { MAX_TIME_MS, VirtualClock } from '../../src/clock/virtual-clock.js';
import { createCloud } from '../../src/cloud.js';
import { createClockDriver, MAX_SPEED } from '../../src/http/clock-driver.js';
import { createManualWallClock } from '../../src/http/wall-clock.js';

const YEAR = 365 * 86_400_000;

describe("the clock's edges", () => {
  it('refuses to advance past the last instant a Date holds, before anything moves', () => {
    const clock = new VirtualClock();
    const before = clock.now();
    expect(() => clock.advance(8.7e15)).toThrow(RangeError);
    expect(() => clock.advanceTo(MAX_TIME_MS + 1)).toThrow(RangeError);
    expect(() => clock.schedule(8.7e15, { kind: 'x' })).toThrow(RangeError);
    expect(clock.now()).toBe(before);
    expect(clock.pendingCount()).toBe(0);
  });

  it('keeps every list answering after a refused advance', () => {
    const cloud = createCloud();
    expect(() => cloud.clock.advance(1e16)).toThrow(RangeError);
    expect(cloud.request({ method: 'GET', path: '/v2.1/servers/detail' }).status).toBe(200);
  });

  it('refuses a realtime speed past MAX_SPEED', () => {
    const cloud = createCloud();
    const options = {
      wall: createManualWallClock(0),
      clock: () => cloud.clock,
      mode: 'realtime' as const,
      onError: () => {},
    };
    expect(() => createClockDriver({ ...options, speed: 1e12 })).toThrow(RangeError);
    const driver = createClockDriver({ ...options, speed: MAX_SPEED });
    expect(() => driver.set('realtime', 1e12)).toThrow(RangeError);
    expect(driver.speed).toBe(MAX_SPEED);
  });

  it('advances 100 years with every periodic task on in few firings (idle ticks coalesced)', () => {
    const cloud = createCloud({
      config: {
        reclaimInstanceInterval: 60,
        resizeConfirmWindow: 60,
        shelvedOffloadTime: 60,
        rescueTimeout: 60,
        instanceBuildTimeout: 600,
      },
    });
    const fired = cloud.clock.advance(100 * YEAR);
    expect(fired).toBe(0);
    expect(cloud.clock.now()).toBe(Date.UTC(2026, 0, 1) + 100 * YEAR);
    expect(cloud.request({ method: 'GET', path: '/v2.1/servers' }).status).toBe(200);
  });

  it('still reclaims on the tick grid after idle ticks were coalesced', () => {
    const cloud = createCloud({ config: { reclaimInstanceInterval: 3600 } });
    const start = cloud.clock.now();
    cloud.clock.advance(10 * 86_400_000 + 30_000);
    const created = cloud.request({
      method: 'POST',
      path: '/v2.1/servers',
      headers: { 'OpenStack-API-Version': 'compute 2.37' },
      body: {
        server: {
          name: 's',
          imageRef: '70a599e0-31e7-49b7-b260-868f441e862b',
          flavorRef: '1',
          networks: 'auto',
        },
      },
    });
    const id = (created.body as { server: { id: string } }).server.id;
    cloud.clock.advance(60_000);
    expect(cloud.request({ method: 'DELETE', path: `/v2.1/servers/${id}` }).status).toBe(204);
    const deletedAt = cloud.clock.now();
    const reclaims: number[] = [];
    cloud.events.on('periodic', (e) => {
      if (e.task === 'reclaim' && e.affected.length > 0) reclaims.push(e.at);
    });
    cloud.clock.advance(2 * 3_600_000);
    // The first 60 s tick of the original grid strictly after deleted_at + 1 h.
    const due = deletedAt + 3_600_000;
    expect(reclaims).toEqual([start + Math.floor((due - start) / 60_000 + 1) * 60_000]);
  });
});
