import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createActor, createMachine } from 'xstate';
import {
  ClockLoopError,
  type ClockSnapshot,
  DEFAULT_EPOCH_MS,
  isClockLoopError,
  type TimerTask,
  VirtualClock,
} from '../../src/clock/virtual-clock.js';

const T0 = DEFAULT_EPOCH_MS;

/** A clock whose dispatcher records `[offset from T0, task.kind]`. */
function recording(options?: { now?: number; loopLimit?: number }) {
  const clock = new VirtualClock(options);
  const log: Array<[number, string]> = [];
  clock.onTask((task) => log.push([clock.now() - T0, task.kind]));
  return { clock, log };
}

describe('VirtualClock time', () => {
  it('starts at 2026-01-01T00:00:00Z by default and never moves by itself', () => {
    const clock = new VirtualClock();
    expect(DEFAULT_EPOCH_MS).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(clock.now()).toBe(T0);
    expect(clock.now()).toBe(T0);
    expect(new VirtualClock({ now: 5 }).now()).toBe(5);
  });

  it('advance and advanceTo move time even with no timers', () => {
    const clock = new VirtualClock({ now: 0 });
    expect(clock.advance(250)).toBe(0);
    expect(clock.now()).toBe(250);
    clock.advanceTo(1000);
    expect(clock.now()).toBe(1000);
    clock.advanceTo(1000);
    expect(clock.now()).toBe(1000);
  });

  it('allows fractional delays without rounding them', () => {
    const { clock, log } = recording({ now: T0 });
    clock.schedule(0.5, { kind: 'half' });
    clock.schedule(0.25, { kind: 'quarter' });
    clock.advance(0.4);
    expect(log).toEqual([[0.25, 'quarter']]);
    clock.advance(0.1);
    expect(log).toEqual([
      [0.25, 'quarter'],
      [0.5, 'half'],
    ]);
  });

  it('rejects a start time that is not finite', () => {
    expect(() => new VirtualClock({ now: Number.NaN })).toThrow(RangeError);
    expect(() => new VirtualClock({ loopLimit: 0 })).toThrow(RangeError);
  });
});

describe('VirtualClock ordering', () => {
  it('fires by due time, and by scheduling order among equal due times, across both kinds', () => {
    const { clock, log } = recording();
    clock.schedule(30, { kind: 'c30' });
    clock.schedule(10, { kind: 'a10' });
    clock.setTimeout(() => log.push([clock.now() - T0, 'closure10']), 10);
    clock.schedule(20, { kind: 'b20' });
    clock.schedule(10, { kind: 'a10-second' });
    clock.scheduleAt(T0 + 20, { kind: 'b20-second' });
    clock.advance(100);
    expect(log).toEqual([
      [10, 'a10'],
      [10, 'closure10'],
      [10, 'a10-second'],
      [20, 'b20'],
      [20, 'b20-second'],
      [30, 'c30'],
    ]);
    expect(clock.now()).toBe(T0 + 100);
  });

  it('sets now() to each timer due time while it fires', () => {
    const clock = new VirtualClock({ now: 1000 });
    const seen: number[] = [];
    clock.onTask((task) => seen.push(clock.now() - (task.at as number)));
    for (const at of [1005, 1001, 1003, 1100]) clock.scheduleAt(at, { kind: 't', at });
    clock.advance(200);
    expect(seen).toEqual([0, 0, 0, 0]);
  });

  it('fires timers created while advancing when due within the same advance', () => {
    const { clock, log } = recording();
    clock.onTask((task) => {
      log.push([clock.now() - T0, task.kind]);
      if (task.kind === 'first') {
        clock.schedule(5, { kind: 'follow-up' }); // due at 15: inside this advance
        clock.schedule(500, { kind: 'too-late' }); // due at 510: outside
      }
    });
    clock.schedule(10, { kind: 'first' });
    clock.schedule(20, { kind: 'second' });
    expect(clock.advance(100)).toBe(3);
    expect(log).toEqual([
      [10, 'first'],
      [15, 'follow-up'],
      [20, 'second'],
    ]);
    expect(clock.now()).toBe(T0 + 100);
    expect(clock.pendingCount()).toBe(1);
    expect(clock.nextDueAt()).toBe(T0 + 510);
  });

  it('fires a zero delay at the same instant, after timers already due at that instant', () => {
    const { clock, log } = recording();
    clock.onTask((task) => {
      log.push([clock.now() - T0, task.kind]);
      if (task.kind === 'a') clock.schedule(0, { kind: 'zero-from-a' });
    });
    clock.schedule(10, { kind: 'a' });
    clock.schedule(10, { kind: 'b' });
    clock.schedule(11, { kind: 'c' });
    clock.advance(20);
    expect(log).toEqual([
      [10, 'a'],
      [10, 'b'],
      [10, 'zero-from-a'],
      [11, 'c'],
    ]);
  });

  it('fires zero-delay timers scheduled between advances on advance(0)', () => {
    const { clock, log } = recording();
    clock.schedule(0, { kind: 'now' });
    expect(clock.nextDueAt()).toBe(T0);
    expect(clock.advance(0)).toBe(1);
    expect(log).toEqual([[0, 'now']]);
  });

  it('passes extra setTimeout arguments to the callback', () => {
    const clock = new VirtualClock();
    const got: unknown[] = [];
    clock.setTimeout((a: number, b: string) => got.push(a, b), 5, 42, 'x');
    clock.advance(5);
    expect(got).toEqual([42, 'x']);
  });

  it('hands the timer id to the dispatcher', () => {
    const clock = new VirtualClock();
    const ids: number[] = [];
    clock.onTask((_task, id) => ids.push(id));
    const a = clock.schedule(1, { kind: 'a' });
    const b = clock.schedule(2, { kind: 'b' });
    clock.advance(2);
    expect(ids).toEqual([a, b]);
  });
});

describe('VirtualClock next, runAll, pendingCount, nextDueAt', () => {
  it('next() fires the earliest timer and moves time to it', () => {
    const { clock, log } = recording();
    expect(clock.next()).toBe(false);
    clock.schedule(50, { kind: 'b' });
    clock.schedule(20, { kind: 'a' });
    expect(clock.pendingCount()).toBe(2);
    expect(clock.next()).toBe(true);
    expect(clock.now()).toBe(T0 + 20);
    expect(log).toEqual([[20, 'a']]);
    expect(clock.nextDueAt()).toBe(T0 + 50);
    expect(clock.next()).toBe(true);
    expect(clock.next()).toBe(false);
    expect(clock.nextDueAt()).toBeUndefined();
    expect(clock.now()).toBe(T0 + 50);
  });

  it('runAll() fires one-shot timers until none is left, leaving periodic ones pending', () => {
    const { clock, log } = recording();
    clock.every(100, { kind: 'tick' });
    clock.onTask((task) => {
      log.push([clock.now() - T0, task.kind]);
      if (task.kind === 'chain' && clock.now() - T0 < 250) clock.schedule(120, { kind: 'chain' });
    });
    clock.schedule(10, { kind: 'chain' });
    expect(clock.runAll()).toBe(5);
    expect(log).toEqual([
      [10, 'chain'],
      [100, 'tick'],
      [130, 'chain'],
      [200, 'tick'],
      [250, 'chain'],
    ]);
    expect(clock.pendingCount()).toBe(1);
    expect(clock.now()).toBe(T0 + 250);
    expect(clock.nextDueAt()).toBe(T0 + 300);
  });

  it('runAll() stops a chain that never ends with a ClockLoopError', () => {
    const clock = new VirtualClock();
    clock.onTask((task) => clock.schedule(1, task));
    clock.schedule(1, { kind: 'forever', label: 'endless poll' });
    const error = catchError(() => clock.runAll({ maxTimers: 500 }));
    expect(error).toBeInstanceOf(ClockLoopError);
    expect(String(error)).toContain('endless poll');
    expect(clock.now()).toBe(T0 + 500);
  });

  it('nextDueAt() skips cancelled timers', () => {
    const clock = new VirtualClock();
    const early = clock.schedule(5, { kind: 'early' });
    clock.schedule(9, { kind: 'late' });
    clock.clearTimeout(early);
    expect(clock.nextDueAt()).toBe(T0 + 9);
    expect(clock.pendingCount()).toBe(1);
  });

  it('refuses to advance from inside a timer', () => {
    const clock = new VirtualClock();
    let inner: unknown;
    clock.setTimeout(() => {
      inner = catchError(() => clock.advance(1));
    }, 1);
    clock.advance(10);
    expect(String(inner)).toMatch(/inside a timer/);
    expect(clock.now()).toBe(T0 + 10);
  });
});

describe('VirtualClock clearTimeout', () => {
  it('cancels data and closure timers', () => {
    const { clock, log } = recording();
    const data = clock.schedule(10, { kind: 'data' });
    const closure = clock.setTimeout(() => log.push([0, 'closure']), 10);
    clock.schedule(10, { kind: 'kept' });
    clock.clearTimeout(data);
    clock.clearTimeout(closure);
    expect(clock.pendingCount()).toBe(1);
    clock.advance(10);
    expect(log).toEqual([[10, 'kept']]);
  });

  it('ignores unknown, fired, already cleared and non-number ids', () => {
    const { clock, log } = recording();
    const fired = clock.schedule(1, { kind: 'fired' });
    clock.advance(1);
    const cleared = clock.schedule(5, { kind: 'cleared' });
    clock.clearTimeout(cleared);
    clock.schedule(5, { kind: 'kept' });
    for (const id of [fired, cleared, 9999, -1, 0.5, Number.NaN, undefined, null, '2', {}]) {
      clock.clearTimeout(id);
    }
    expect(clock.pendingCount()).toBe(1);
    clock.advance(10);
    expect(log).toEqual([
      [1, 'fired'],
      [6, 'kept'],
    ]);
  });

  it('cancels a timer due at the same instant from inside a firing timer', () => {
    const { clock, log } = recording();
    let victim = 0;
    clock.onTask((task) => {
      log.push([clock.now() - T0, task.kind]);
      if (task.kind === 'killer') clock.clearTimeout(victim);
    });
    clock.schedule(10, { kind: 'killer' });
    victim = clock.schedule(10, { kind: 'victim' });
    const closureVictim = clock.setTimeout(() => log.push([0, 'closure-victim']), 10);
    clock.setTimeout(() => clock.clearTimeout(closureVictim), 5);
    clock.schedule(10, { kind: 'survivor' });
    clock.advance(10);
    expect(log).toEqual([
      [10, 'killer'],
      [10, 'survivor'],
    ]);
    expect(clock.pendingCount()).toBe(0);
  });

  it('a timer clearing its own id while firing is harmless', () => {
    const clock = new VirtualClock();
    let count = 0;
    const id = clock.setTimeout(() => {
      count++;
      clock.clearTimeout(id);
    }, 1);
    clock.advance(5);
    expect(count).toBe(1);
    expect(clock.pendingCount()).toBe(0);
  });

  it('survives many cancellations (heap compaction) and keeps the order of the rest', () => {
    const { clock, log } = recording({ now: 0 });
    const ids: number[] = [];
    for (let i = 0; i < 6000; i++) ids.push(clock.schedule(6000 - i, { kind: `t${6000 - i}` }));
    for (let i = 0; i < 6000; i++) if (i % 5 !== 0) clock.clearTimeout(ids[i]);
    expect(clock.pendingCount()).toBe(1200);
    clock.advance(6000);
    expect(log).toHaveLength(1200);
    const times = log.map(([t]) => t + T0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(log.every(([t, kind]) => kind === `t${t + T0}` && (6000 - (t + T0)) % 5 === 0)).toBe(
      true,
    );
  });

  it('still finds long-lived timers after many short-lived ones', () => {
    const { clock, log } = recording();
    const longLived = clock.schedule(1_000_000, { kind: 'long' });
    const keep = clock.schedule(2_000_000, { kind: 'keep' });
    for (let i = 0; i < 50_000; i++) {
      clock.schedule(1, { kind: 'short' });
      if (i % 100 === 0) clock.advance(1);
    }
    clock.advance(10);
    log.length = 0;
    expect(clock.pendingCount()).toBe(2);
    clock.clearTimeout(longLived);
    expect(clock.pendingCount()).toBe(1);
    clock.advance(2_000_000);
    expect(log).toEqual([[2_000_000, 'keep']]);
    clock.clearTimeout(keep);
    expect(clock.pendingCount()).toBe(0);
  });
});

describe('VirtualClock periodic timers', () => {
  it('fires at now + interval, then every interval, with the same id', () => {
    const clock = new VirtualClock();
    const fired: Array<[number, number]> = [];
    clock.onTask((_task, id) => fired.push([clock.now() - T0, id]));
    clock.advance(7);
    const id = clock.every(100, { kind: 'tick' });
    clock.advance(350);
    expect(fired).toEqual([
      [107, id],
      [207, id],
      [307, id],
    ]);
    expect(clock.pendingCount()).toBe(1);
    expect(clock.nextDueAt()).toBe(T0 + 407);
  });

  it('stops when cancelled, from outside or from its own callback', () => {
    const clock = new VirtualClock();
    let outside = 0;
    const outsideId = clock.every(10, () => outside++);
    clock.advance(35);
    clock.clearTimeout(outsideId);
    clock.advance(100);
    expect(outside).toBe(3);

    let inside = 0;
    const insideId = clock.every(10, () => {
      inside++;
      if (inside === 2) clock.clearTimeout(insideId);
    });
    clock.advance(100);
    expect(inside).toBe(2);
    expect(clock.pendingCount()).toBe(0);
  });

  it('takes a fresh seq per repetition, so it fires after one-shots scheduled before it re-armed', () => {
    const { clock, log } = recording();
    clock.every(10, { kind: 'tick' }); // seq 0
    clock.schedule(20, { kind: 'one-shot' }); // seq 1, same instant as the second tick
    clock.advance(20);
    expect(log).toEqual([
      [10, 'tick'],
      [20, 'one-shot'],
      [20, 'tick'],
    ]);
  });

  it('rejects a zero or bad interval', () => {
    const clock = new VirtualClock();
    expect(() => clock.every(0, { kind: 'spin' })).toThrow(RangeError);
    expect(() => clock.every(-5, { kind: 'spin' })).toThrow(/-5/);
    expect(() => clock.every(Number.NaN, () => {})).toThrow(/NaN/);
  });
});

describe('VirtualClock rejects bad delays', () => {
  const bad: Array<[string, unknown]> = [
    ['-1', -1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['"5"', '5'],
    ['undefined', undefined],
  ];

  it.each(bad)(
    'rejects %s in schedule, setTimeout, every and advance, naming it',
    (name, value) => {
      const clock = new VirtualClock();
      const delay = value as number;
      for (const call of [
        () => clock.schedule(delay, { kind: 'x' }),
        () => clock.setTimeout(() => {}, delay),
        () => clock.every(delay, { kind: 'x' }),
        () => clock.advance(delay),
      ]) {
        const error = catchError(call);
        expect(error).toBeInstanceOf(RangeError);
        expect((error as Error).message).toContain(name);
      }
      expect(clock.pendingCount()).toBe(0);
      expect(clock.now()).toBe(T0);
    },
  );

  it('rejects moving back in time and scheduling in the past', () => {
    const clock = new VirtualClock({ now: 100 });
    expect(() => clock.advanceTo(99)).toThrow(RangeError);
    expect(() => clock.scheduleAt(99, { kind: 'x' })).toThrow(RangeError);
    expect(() => clock.scheduleAt(Number.NaN, { kind: 'x' })).toThrow(/NaN/);
  });

  it('rejects a task without a string kind and a setTimeout without a function', () => {
    const clock = new VirtualClock();
    expect(() => clock.schedule(1, {} as TimerTask)).toThrow(TypeError);
    expect(() => clock.setTimeout('code' as unknown as () => void, 1)).toThrow(TypeError);
  });
});

describe('VirtualClock loop guard', () => {
  it('throws a ClockLoopError naming the label of a task that re-schedules itself with no delay', () => {
    const clock = new VirtualClock();
    let fired = 0;
    clock.onTask((task) => {
      fired++;
      clock.schedule(0, task);
    });
    clock.schedule(5000, { kind: 'server.event', label: 'server 1f2e event xstate.after.step' });
    const error = catchError(() => clock.advance(10_000));
    expect(error).toBeInstanceOf(ClockLoopError);
    expect(isClockLoopError(error)).toBe(true);
    const { message } = error as ClockLoopError;
    expect(message).toContain('"server 1f2e event xstate.after.step"');
    expect(message).toContain('10001 timers fired at 2026-01-01T00:00:05.000Z');
    expect(message).toContain('re-scheduling itself with no delay');
    // 1 on arrival at 5000 ms, then 10,001 chained firings at that instant.
    expect(fired).toBe(10_002);
    // Consistent: stopped at the looping instant, the next link still pending.
    expect(clock.now()).toBe(T0 + 5000);
    expect(clock.pendingCount()).toBe(1);
    expect((error as ClockLoopError).at).toBe(T0 + 5000);
  });

  it('names the kind when there is no label, and the function for closures', () => {
    const clock = new VirtualClock({ loopLimit: 50 });
    clock.onTask((task) => clock.schedule(0, task));
    clock.schedule(0, { kind: 'spin.kind' });
    expect(() => clock.advance(1)).toThrow(/"spin.kind"/);

    const other = new VirtualClock({ loopLimit: 50 });
    function pollAgain() {
      other.setTimeout(pollAgain, 0);
    }
    other.setTimeout(pollAgain, 3);
    expect(() => other.advance(5)).toThrow(/pollAgain/);
  });

  it('does not trigger for many timers merely due at the same instant', () => {
    const { clock, log } = recording();
    for (let i = 0; i < 20_000; i++) clock.schedule(100, { kind: 'same-instant' });
    expect(clock.advance(100)).toBe(20_000);
    expect(log).toHaveLength(20_000);
  });

  it('does not trigger for zero-delay timers scheduled from outside, nor across calls', () => {
    const { clock } = recording({ loopLimit: 100 });
    for (let i = 0; i < 20_000; i++) clock.schedule(0, { kind: 'queued' });
    expect(clock.advance(0)).toBe(20_000);

    // Many separate calls at one instant, each running a short zero-delay chain.
    const chained = new VirtualClock({ loopLimit: 10 });
    chained.onTask((task) => {
      if ((task.left as number) > 0)
        chained.schedule(0, { kind: 'link', left: (task.left as number) - 1 });
    });
    for (let call = 0; call < 50; call++) {
      chained.schedule(0, { kind: 'link', left: 5 });
      chained.advance(0);
    }
    expect(chained.pendingCount()).toBe(0);
  });

  it('does not trigger for a fan-out within the limit', () => {
    const { clock, log } = recording({ loopLimit: 1000 });
    clock.onTask((task) => {
      log.push([0, task.kind]);
      if (task.kind === 'fan') for (let i = 0; i < 1000; i++) clock.schedule(0, { kind: 'leaf' });
    });
    clock.schedule(1, { kind: 'fan' });
    clock.advance(1);
    expect(log).toHaveLength(1001);
  });
});

describe('VirtualClock with a throwing timer', () => {
  it('stays at the failing timer, with it removed, and continues afterwards', () => {
    const { clock, log } = recording();
    clock.onTask((task) => {
      if (task.kind === 'boom') throw new Error('dispatcher failed');
      log.push([clock.now() - T0, task.kind]);
    });
    clock.schedule(10, { kind: 'before' });
    clock.schedule(20, { kind: 'boom' });
    clock.schedule(30, { kind: 'after' });
    expect(() => clock.advance(100)).toThrow('dispatcher failed');
    expect(clock.now()).toBe(T0 + 20);
    expect(clock.pendingCount()).toBe(1);
    clock.advance(80);
    expect(log).toEqual([
      [10, 'before'],
      [30, 'after'],
    ]);
    expect(clock.now()).toBe(T0 + 100);
  });

  it('throws a clear error when a data timer fires with no dispatcher', () => {
    const clock = new VirtualClock();
    clock.schedule(1, { kind: 'orphan', label: 'orphan task' });
    expect(() => clock.advance(1)).toThrow(/"orphan task".*onTask/);
    expect(clock.pendingCount()).toBe(0);
  });
});

describe('VirtualClock snapshot and restore', () => {
  /** A deterministic dispatcher: each step may schedule more, from its own data only. */
  function drive(clock: VirtualClock, log: string[], onStep?: (n: number) => void) {
    clock.onTask((task, id) => {
      log.push(`${clock.now() - T0} #${id} ${task.kind} ${String(task.n ?? '')}`);
      const n = task.n as number | undefined;
      if (task.kind === 'step' && n !== undefined && n < 60) {
        clock.schedule((n * 7) % 13, { kind: 'step', n: n + 1 });
        if (n % 4 === 0) clock.schedule(25, { kind: 'side', n });
        if (n === 10) clock.scheduleAt(clock.now(), { kind: 'same-instant', n });
        onStep?.(n);
      }
    });
  }

  function seed(clock: VirtualClock) {
    clock.every(17, { kind: 'tick', label: 'periodic tick' });
    clock.schedule(3, { kind: 'step', n: 0 });
    clock.schedule(3, { kind: 'step', n: 100 });
  }

  it('round-trips through JSON and continues identically', () => {
    const original = new VirtualClock();
    const logA: string[] = [];
    drive(original, logA);
    seed(original);
    original.advance(120);

    const saved = JSON.stringify(original.snapshot());
    const restored = VirtualClock.restore(JSON.parse(saved) as ClockSnapshot);
    const logB: string[] = [];
    drive(restored, logB);
    expect(restored.snapshot()).toEqual(original.snapshot());

    logA.length = 0;
    original.advance(400);
    restored.advance(400);
    expect(logB).toEqual(logA);
    expect(logA.length).toBeGreaterThan(20);
    // Ids continue identically too.
    expect(restored.schedule(1, { kind: 'x' })).toBe(original.schedule(1, { kind: 'x' }));
    expect(restored.now()).toBe(original.now());
  });

  it('a snapshot taken inside a dispatcher mid-advance resumes the same sequence', () => {
    const full: string[] = [];
    const original = new VirtualClock();
    let saved: string | undefined;
    let savedAtIndex = 0;
    drive(original, full, (n) => {
      if (n === 20) {
        saved = JSON.stringify(original.snapshot());
        savedAtIndex = full.length;
      }
    });
    seed(original);
    original.advance(600);
    expect(saved).toBeDefined();

    const resumed: string[] = [];
    const restored = VirtualClock.restore(JSON.parse(saved!) as ClockSnapshot);
    drive(restored, resumed);
    restored.advanceTo(T0 + 600);
    expect(resumed).toEqual(full.slice(savedAtIndex));
    expect(restored.snapshot()).toEqual(original.snapshot());
  });

  it('snapshots plain data in firing order, with intervalMs only on periodic timers', () => {
    const clock = new VirtualClock({ now: 1000 });
    clock.schedule(50, { kind: 'b', label: 'second' });
    clock.every(20, { kind: 'a' });
    clock.schedule(50, { kind: 'c' });
    const cancelled = clock.schedule(5, { kind: 'gone' });
    clock.clearTimeout(cancelled);
    expect(clock.snapshot()).toEqual({
      now: 1000,
      seq: 4,
      nextId: 5,
      timers: [
        { id: 2, dueAt: 1020, seq: 1, task: { kind: 'a' }, intervalMs: 20 },
        { id: 1, dueAt: 1050, seq: 0, task: { kind: 'b', label: 'second' } },
        { id: 3, dueAt: 1050, seq: 2, task: { kind: 'c' } },
      ],
    });
  });

  it('refuses to snapshot while a closure timer is pending', () => {
    const clock = new VirtualClock();
    const id = clock.setTimeout(() => {}, 10);
    expect(() => clock.snapshot()).toThrow(/closure timer.*not serialisable/);
    clock.clearTimeout(id);
    expect(clock.snapshot().timers).toEqual([]);
  });

  it('rejects a corrupt snapshot', () => {
    const good: ClockSnapshot = {
      now: 0,
      seq: 2,
      nextId: 3,
      timers: [
        { id: 1, dueAt: 5, seq: 0, task: { kind: 'a' } },
        { id: 2, dueAt: 5, seq: 1, task: { kind: 'b' } },
      ],
    };
    expect(VirtualClock.restore(good).pendingCount()).toBe(2);
    const bad: ClockSnapshot[] = [
      { ...good, timers: [good.timers[0]!, { ...good.timers[1]!, id: 1 }] },
      { ...good, timers: [good.timers[0]!, { ...good.timers[1]!, seq: 0 }] },
      { ...good, timers: [{ ...good.timers[0]!, dueAt: -1 }] },
      { ...good, timers: [{ ...good.timers[0]!, id: 7 }] },
      { ...good, nextId: -1 },
    ];
    for (const snapshot of bad) expect(() => VirtualClock.restore(snapshot)).toThrow(RangeError);
  });
});

describe('VirtualClock as the xstate clock', () => {
  const machine = createMachine({
    id: 'server',
    initial: 'building',
    states: {
      building: { after: { 3000: 'active' }, on: { DELETE: 'deleted' } },
      active: { after: { 500: 'shutoff' } },
      shutoff: {},
      deleted: {},
    },
  });

  it('drives `after` transitions when the clock advances', () => {
    const clock = new VirtualClock();
    const actor = createActor(machine, { clock }).start();
    expect(actor.getSnapshot().value).toBe('building');
    expect(clock.pendingCount()).toBe(1);
    clock.advance(2999);
    expect(actor.getSnapshot().value).toBe('building');
    clock.advance(1);
    expect(actor.getSnapshot().value).toBe('active');
    clock.advance(500);
    expect(actor.getSnapshot().value).toBe('shutoff');
    expect(clock.pendingCount()).toBe(0);
    actor.stop();
  });

  it('cancels the delayed event when the state is left early', () => {
    const clock = new VirtualClock();
    const actor = createActor(machine, { clock }).start();
    clock.advance(1000);
    actor.send({ type: 'DELETE' });
    expect(actor.getSnapshot().value).toBe('deleted');
    expect(clock.pendingCount()).toBe(0);
    clock.advance(10_000);
    expect(actor.getSnapshot().value).toBe('deleted');
    actor.stop();
  });
});

describe('VirtualClock against a reference model', () => {
  type Op =
    | { op: 'schedule'; delay: number }
    | { op: 'closure'; delay: number }
    | { op: 'every'; interval: number }
    | { op: 'cancel'; index: number }
    | { op: 'advance'; ms: number }
    | { op: 'next' };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('schedule' as const), delay: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ op: fc.constant('closure' as const), delay: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ op: fc.constant('every' as const), interval: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ op: fc.constant('cancel' as const), index: fc.nat() }),
    fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 60 }) }),
    fc.record({ op: fc.constant('next' as const) }),
  );

  interface ModelTimer {
    id: number;
    dueAt: number;
    seq: number;
    interval: number;
  }

  propTest.prop([fc.array(opArb, { maxLength: 80 })])(
    'fires the same ids at the same times as a sorted-list model',
    (ops) => {
      const clock = new VirtualClock({ now: 0 });
      const actual: string[] = [];
      clock.onTask((_task, id) => actual.push(`${clock.now()}:${id}`));
      const expected: string[] = [];
      let now = 0;
      let seq = 0;
      let pending: ModelTimer[] = [];
      const ids: number[] = [];
      const order = (a: ModelTimer, b: ModelTimer) => a.dueAt - b.dueAt || a.seq - b.seq;
      const fireModel = (t: ModelTimer) => {
        now = t.dueAt;
        if (t.interval > 0) {
          t.dueAt += t.interval;
          t.seq = seq++;
        } else {
          pending = pending.filter((p) => p !== t);
        }
        expected.push(`${now}:${t.id}`);
      };

      for (const op of ops) {
        switch (op.op) {
          case 'schedule':
          case 'closure': {
            const id =
              op.op === 'schedule'
                ? clock.schedule(op.delay, { kind: 'k' })
                : clock.setTimeout(() => actual.push(`${clock.now()}:${id}`), op.delay);
            pending.push({ id, dueAt: now + op.delay, seq: seq++, interval: 0 });
            ids.push(id);
            break;
          }
          case 'every': {
            const id = clock.every(op.interval, { kind: 'p' });
            pending.push({ id, dueAt: now + op.interval, seq: seq++, interval: op.interval });
            ids.push(id);
            break;
          }
          case 'cancel': {
            if (ids.length === 0) break;
            const id = ids[op.index % ids.length]!;
            clock.clearTimeout(id);
            pending = pending.filter((p) => p.id !== id);
            break;
          }
          case 'advance': {
            clock.advance(op.ms);
            const target = now + op.ms;
            for (;;) {
              const next = [...pending].sort(order)[0];
              if (next === undefined || next.dueAt > target) break;
              fireModel(next);
            }
            now = target;
            break;
          }
          case 'next': {
            clock.next();
            const next = [...pending].sort(order)[0];
            if (next !== undefined) fireModel(next);
            break;
          }
        }
        expect(clock.now()).toBe(now);
        expect(clock.pendingCount()).toBe(pending.length);
      }
      expect(actual).toEqual(expected);
      expect(clock.nextDueAt()).toBe([...pending].sort(order)[0]?.dueAt);
    },
  );
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
