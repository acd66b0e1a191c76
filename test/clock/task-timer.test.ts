import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  isClockLoopError,
  TaskTimer,
  type TimerTask,
  VirtualClock,
} from '../../src/clock/virtual-clock.js';

/** A timer that is its own task, as a server's step is. */
class Ping extends TaskTimer {
  readonly kind = 'ping';
  readonly n: number;
  readonly startedAt: number;

  constructor(n: number, startedAt: number) {
    super();
    this.n = n;
    this.startedAt = startedAt;
  }

  toTask(): TimerTask {
    return { kind: 'ping', n: this.n, startedAt: this.startedAt, dueAt: this.dueAt };
  }
}

/** Schedules each delay either way, and logs what fires: `[time, n, id]`. */
function run(delays: readonly number[], own: readonly boolean[], advanceMs: number) {
  const clock = new VirtualClock({ now: 1000.25 });
  const log: [number, unknown, number][] = [];
  clock.onTask((task, id) => log.push([clock.now(), task.n, id]));
  delays.forEach((delay, n) => {
    const now = clock.now();
    if (own[n]) clock.scheduleTimer(delay, new Ping(n, now));
    else clock.schedule(delay, { kind: 'ping', n, startedAt: now, dueAt: now + delay });
  });
  const before = JSON.stringify(clock.snapshot());
  clock.advance(advanceMs);
  return { clock, log, before, after: JSON.stringify(clock.snapshot()) };
}

describe('TaskTimer: a timer that is its own task', () => {
  propTest.prop([
    fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.boolean()), { maxLength: 40 }),
    fc.integer({ min: 0, max: 6000 }),
  ])('fires, numbers and snapshots exactly as schedule() with its task', (timers, advanceMs) => {
    const delays = timers.map(([d]) => d);
    const plain = run(
      delays,
      timers.map(() => false),
      advanceMs,
    );
    const mixed = run(
      delays,
      timers.map(([, own]) => own),
      advanceMs,
    );
    expect(mixed.log).toEqual(plain.log);
    expect(mixed.before).toBe(plain.before);
    expect(mixed.after).toBe(plain.after);
  });

  it('hands the timer itself to the dispatcher, and a restore continues with plain tasks', () => {
    const clock = new VirtualClock({ now: 0 });
    const seen: unknown[] = [];
    clock.onTask((task) => seen.push(task));
    const timer = new Ping(7, 0);
    const id = clock.scheduleTimer(500, timer);
    const copy = VirtualClock.restore(JSON.parse(JSON.stringify(clock.snapshot())));
    const restored: unknown[] = [];
    copy.onTask((task, timerId) => restored.push([task, timerId]));
    clock.advance(500);
    copy.advance(500);
    expect(seen).toEqual([timer]);
    expect(seen[0]).toBe(timer);
    expect(restored).toEqual([[{ kind: 'ping', n: 7, startedAt: 0, dueAt: 500 }, id]]);
  });

  it('is cancelled by id, and refuses to be scheduled twice', () => {
    const clock = new VirtualClock({ now: 0 });
    const fired: unknown[] = [];
    clock.onTask((task) => fired.push(task));
    const timer = new Ping(1, 0);
    const id = clock.scheduleTimer(100, timer);
    expect(() => clock.scheduleTimer(100, timer)).toThrow(/already scheduled/);
    clock.clearTimeout(id);
    expect(clock.pendingCount()).toBe(0);
    clock.advance(1000);
    expect(fired).toEqual([]);
    expect(clock.snapshot().timers).toEqual([]);
  });

  it('is named by its plain task when the loop guard trips', () => {
    const clock = new VirtualClock({ now: 0, loopLimit: 3 });
    clock.onTask(() => clock.scheduleTimer(0, new Ping(9, clock.now())));
    clock.scheduleTimer(0, new Ping(9, 0));
    let error: unknown;
    try {
      clock.advance(0);
    } catch (caught) {
      error = caught;
    }
    expect(isClockLoopError(error)).toBe(true);
    expect((error as { culprit: string }).culprit).toBe(
      JSON.stringify({ kind: 'ping', n: 9, startedAt: 0, dueAt: 0 }),
    );
  });
});
