import { IdIndex } from './id-index.js';
import { type TaskTimer, taskOf } from './task-timer.js';
import {
  type Callback,
  type Entry,
  isBefore,
  NO_ARGS,
  TimerQueue,
  type TimerTask,
} from './timer-queue.js';

export { TaskTimer } from './task-timer.js';
export type { TimerTask } from './timer-queue.js';

/** `Date.parse('2026-01-01T00:00:00Z')`, written out so that nothing reads the host clock. */
export const DEFAULT_EPOCH_MS = 1767225600000;

/**
 * The last instant a JavaScript `Date` can hold (epoch ms): the clock never moves or
 * schedules past it, since every view of a later time would throw.
 */
export const MAX_TIME_MS = 8.64e15;

/** Default for {@link VirtualClockOptions.loopLimit}. */
export const DEFAULT_LOOP_LIMIT = 10_000;

/** Default for {@link RunAllOptions.maxTimers}. */
export const DEFAULT_RUN_ALL_MAX_TIMERS = 1_000_000;

/** The dispatcher of data timers: receives each due task with the id of its timer. */
export type TaskHandler = (task: TimerTask, timerId: number) => void;

/** Whether a periodic task would find nothing to do if it fired now. */
export type IdleCheck = (task: TimerTask) => boolean;

export interface VirtualClockOptions {
  /** Start time, epoch ms. Default {@link DEFAULT_EPOCH_MS}. */
  readonly now?: number;
  /**
   * Most timers that one call may fire at a single instant when they were scheduled,
   * with no delay, by a timer firing at that same instant. Default 10,000.
   */
  readonly loopLimit?: number;
}

export interface RunAllOptions {
  /** Throw a {@link ClockLoopError} after firing this many timers. Default 1,000,000. */
  readonly maxTimers?: number;
}

export interface ClockSnapshotTimer {
  readonly id: number;
  readonly dueAt: number;
  readonly seq: number;
  readonly task: TimerTask;
  readonly intervalMs?: number;
}

/** Plain JSON state of a {@link VirtualClock}: survives `JSON.stringify`/`JSON.parse`. */
export interface ClockSnapshot {
  readonly now: number;
  /** The next sequence number to hand out. */
  readonly seq: number;
  /** The next timer id to hand out. */
  readonly nextId: number;
  /** Pending data timers in firing order. */
  readonly timers: readonly ClockSnapshotTimer[];
}

/**
 * Thrown when timers keep re-scheduling themselves with no delay, or when
 * {@link VirtualClock.runAll} exceeds its budget.
 */
export class ClockLoopError extends Error {
  override readonly name = 'ClockLoopError';
  /** The virtual instant (epoch ms) at which the guard tripped. */
  readonly at: number;
  /** Label, kind or function name of the last timer fired. */
  readonly culprit: string;

  constructor(message: string, at: number, culprit: string) {
    super(message);
    this.at = at;
    this.culprit = culprit;
  }
}

/** Also true for a ClockLoopError from another realm or another copy of this module. */
export function isClockLoopError(value: unknown): value is ClockLoopError {
  return (
    value instanceof ClockLoopError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'ClockLoopError')
  );
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `${JSON.stringify(value)} (a string)`;
  if (typeof value === 'object' || typeof value === 'function') {
    return value === null ? 'null' : Object.prototype.toString.call(value);
  }
  return `${String(value)} (${typeof value})`;
}

function formatInstant(ms: number): string {
  // Date only covers ±8.64e15 ms; out of that range, toISOString throws.
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms`;
}

function describeEntry(entry: Entry): string {
  // Hot-path tasks carry no label; the guard is rare, so spell the task out then.
  const task = taskOf(entry);
  if (task !== undefined) return task.label ?? JSON.stringify(task);
  const name = entry.fn?.name;
  return name ? `setTimeout callback ${name}` : `anonymous setTimeout callback #${entry.id}`;
}

/**
 * A deterministic clock that owns every timer of the simulation. Time moves only when told.
 *
 * Timers fire in one total order by `(dueAt, seq)`, where `seq` is a global insertion
 * counter, so equal due times fire in scheduling order. While a timer fires, `now()` is its
 * due time. Delays may be fractional; they are never rounded or clamped, and negative, NaN
 * or infinite delays throw a `RangeError`.
 *
 * Two kinds of timer share that order: data timers ({@link schedule}, {@link every} with a
 * task), whose JSON tasks go to the {@link onTask} dispatcher and can be snapshotted; and
 * closure timers ({@link setTimeout}), which make the clock usable as xstate's `clock`.
 *
 * @example
 * const clock = new VirtualClock();
 * clock.onTask((task) => console.log(clock.now(), task.kind));
 * clock.schedule(500, { kind: 'boot', serverId: 's1' });
 * clock.setTimeout(() => console.log('closure'), 100);
 * clock.advance(1000); // logs 'closure' at +100, then 'boot' at +500
 */
export class VirtualClock {
  #now: number;
  #seq = 0;
  #nextId = 1;
  readonly #loopLimit: number;
  /** Min-heap by (dueAt, seq); may hold cancelled entries (lazy deletion). */
  readonly #queue = new TimerQueue();
  #cancelledInHeap = 0;
  /** Pending timers by id; the source of truth for what is pending. */
  #byId = new IdIndex(1);
  #periodicCount = 0;
  #closureCount = 0;
  #handler: TaskHandler | undefined;
  #idle: IdleCheck | undefined;
  #firing = false;
  #settled: (() => void)[] = [];
  /** Loop guard state: chained firings at #guardInstant during the current call. */
  #guardInstant = Number.NaN;
  #guardCount = 0;

  constructor(options: VirtualClockOptions = {}) {
    const now = options.now ?? DEFAULT_EPOCH_MS;
    if (typeof now !== 'number' || !Number.isFinite(now)) {
      throw new RangeError(
        `Virtual clock: start time must be a finite number; got ${describeValue(now)}`,
      );
    }
    const loopLimit = options.loopLimit ?? DEFAULT_LOOP_LIMIT;
    if (!Number.isInteger(loopLimit) || loopLimit < 1) {
      throw new RangeError(
        `Virtual clock: loopLimit must be a positive integer; got ${describeValue(loopLimit)}`,
      );
    }
    this.#now = now;
    this.#loopLimit = loopLimit;
  }

  /** Current virtual time, epoch ms. */
  now(): number {
    return this.#now;
  }

  /** Sets the dispatcher that receives data timers' tasks when they fire (replacing any). */
  onTask(handler: TaskHandler): void {
    this.#handler = handler;
  }

  /**
   * Lets the clock coalesce idle periodic data timers: while `check` calls a periodic
   * task idle, its repetitions before the next other timer (or the end of the advance)
   * are skipped as one, since only timers change state during an advance and so nothing
   * could make those repetitions find work. A long advance then costs one step per busy
   * timer, not one per tick.
   */
  onIdleCheck(check: IdleCheck): void {
    this.#idle = check;
  }

  /**
   * Calls `listener` each time an advance, `next()` or `runAll()` returns (after a timer
   * threw too): state derived from many timer steps can be brought up to date once per
   * call rather than once per step.
   */
  onSettled(listener: () => void): void {
    this.#settled.push(listener);
  }

  /**
   * Schedules `task` to be dispatched `delayMs` from now; returns the timer id.
   *
   * @example
   * const id = clock.schedule(3000, { kind: 'server.event', label: 'server 1f2e boot', serverId });
   */
  schedule(delayMs: number, task: TimerTask): number {
    checkDelay(delayMs, 'delay');
    checkTask(task);
    return this.#add(this.#now + delayMs, 0, task, undefined, NO_ARGS);
  }

  /**
   * Schedules a timer that is its own task ({@link TaskTimer}) `delayMs` from now; returns
   * its id. The same order, ids and snapshot as `schedule(delayMs, timer.toTask())`, with one
   * object per timer instead of two.
   *
   * @example
   * clock.scheduleTimer(3000, new StepTimer(serverId, 'SPAWNED', clock.now()));
   */
  scheduleTimer(delayMs: number, timer: TaskTimer): number {
    checkDelay(delayMs, 'delay');
    if (timer.id !== 0) throw new Error(`Virtual clock: timer ${timer.id} was already scheduled`);
    const dueAt = this.#now + delayMs;
    checkLimit(dueAt, 'schedule a timer at');
    timer.id = this.#nextId++;
    timer.dueAt = dueAt;
    timer.seq = this.#seq++;
    timer.chained = this.#firing && dueAt === this.#now;
    this.#byId.add(timer);
    this.#queue.push(timer);
    return timer.id;
  }

  /** Schedules `task` at absolute time `dueAt` (epoch ms, not before now). */
  scheduleAt(dueAt: number, task: TimerTask): number {
    if (typeof dueAt !== 'number' || !Number.isFinite(dueAt) || dueAt < this.#now) {
      throw new RangeError(
        `Virtual clock: dueAt must be a finite time not before now (${this.#now}); got ${describeValue(dueAt)}`,
      );
    }
    checkTask(task);
    return this.#add(dueAt, 0, task, undefined, NO_ARGS);
  }

  /**
   * Calls `fn(...args)` after `delayMs`. Compatible with xstate's `Clock` interface.
   * Closure timers cannot be snapshotted.
   *
   * @example
   * const actor = createActor(machine, { clock });
   */
  setTimeout<A extends unknown[]>(fn: (...args: A) => void, delayMs: number, ...args: A): number {
    checkDelay(delayMs, 'delay');
    checkFunction(fn);
    // The args stored are exactly the ones fn accepts, so widening its parameter type is safe.
    const callback = fn as unknown as Callback;
    return this.#add(
      this.#now + delayMs,
      0,
      undefined,
      callback,
      args.length === 0 ? NO_ARGS : args,
    );
  }

  /** Cancels a timer of either kind, periodic ones included. Unknown or fired ids are ignored. */
  clearTimeout(id: unknown): void {
    if (typeof id !== 'number') return;
    const entry = this.#byId.get(id);
    if (entry === undefined) return;
    this.#retire(entry);
    this.#cancelledInHeap++;
    this.#maybeCompact();
  }

  /**
   * A periodic timer: first due at now + `intervalMs`, then every `intervalMs` until
   * cancelled with `clearTimeout(id)`. The id stays the same across repetitions; each
   * repetition gets a fresh `seq`, taken just before it is dispatched.
   *
   * @example
   * const id = clock.every(60_000, { kind: 'periodic.heal_instance_info_cache' });
   * clock.clearTimeout(id);
   */
  every(intervalMs: number, task: TimerTask | (() => void)): number {
    checkDelay(intervalMs, 'interval');
    if (intervalMs === 0) {
      throw new RangeError('Virtual clock: a periodic interval must be greater than 0 ms; got 0');
    }
    if (typeof task === 'function')
      return this.#add(this.#now + intervalMs, intervalMs, undefined, task, NO_ARGS);
    checkTask(task);
    return this.#add(this.#now + intervalMs, intervalMs, task, undefined, NO_ARGS);
  }

  /** Number of pending timers of both kinds. */
  pendingCount(): number {
    return this.#byId.size;
  }

  /** Due time of the earliest pending timer, or undefined when none is pending. */
  nextDueAt(): number | undefined {
    return this.#peek()?.dueAt;
  }

  /**
   * Moves time forward by `ms`, firing every timer due in (now, now + ms] in order, and
   * any timer due now that has not fired yet. Timers created meanwhile fire too if due in
   * range. Ends with `now()` = start + `ms`. If a timer throws, the error propagates and
   * the clock stays at that timer's due time with the timer removed. Returns the count fired.
   */
  advance(ms: number): number {
    checkDelay(ms, 'advance');
    return this.advanceTo(this.#now + ms);
  }

  /** Like {@link advance}, to an absolute time; `time` before now is a RangeError. */
  advanceTo(time: number): number {
    if (typeof time !== 'number' || !Number.isFinite(time) || time < this.#now) {
      throw new RangeError(
        `Virtual clock: cannot move to ${describeValue(time)}, it is before now (${this.#now}) or not finite`,
      );
    }
    checkLimit(time, 'move to');
    this.#enter();
    let fired = 0;
    try {
      for (let top = this.#peek(); top !== undefined && top.dueAt <= time; top = this.#peek()) {
        if (this.#skipIdle(time)) continue;
        this.#fire(top);
        fired++;
      }
      this.#now = time;
    } finally {
      this.#firing = false;
      for (const listener of this.#settled) listener();
    }
    return fired;
  }

  /** Fires the earliest pending timer, moving time to its due time; false when none is pending. */
  next(): boolean {
    this.#enter();
    try {
      const top = this.#peek();
      if (top === undefined) return false;
      this.#fire(top);
      return true;
    } finally {
      this.#firing = false;
      for (const listener of this.#settled) listener();
    }
  }

  /**
   * Fires timers in order until no one-shot timer is pending. Periodic timers due on the
   * way fire as usual and stay pending afterwards, so this terminates while they repeat.
   * Throws a {@link ClockLoopError} after `maxTimers` firings (one-shot timers that keep
   * scheduling more would otherwise run forever). Returns the count fired.
   */
  runAll(options: RunAllOptions = {}): number {
    const maxTimers = options.maxTimers ?? DEFAULT_RUN_ALL_MAX_TIMERS;
    if (!Number.isInteger(maxTimers) || maxTimers < 0) {
      throw new RangeError(
        `Virtual clock: maxTimers must be a non-negative integer; got ${describeValue(maxTimers)}`,
      );
    }
    this.#enter();
    let fired = 0;
    try {
      while (this.#byId.size > this.#periodicCount) {
        const top = this.#peek()!;
        if (fired === maxTimers) {
          throw new ClockLoopError(
            `Virtual clock runAll: fired ${fired} timers and one-shot timers remain ` +
              `(next: "${describeEntry(top)}" at ${formatInstant(top.dueAt)}); ` +
              'something keeps scheduling more, or raise maxTimers',
            this.#now,
            describeEntry(top),
          );
        }
        if (this.#skipIdle(Number.POSITIVE_INFINITY)) continue;
        this.#fire(top);
        fired++;
      }
    } finally {
      this.#firing = false;
      for (const listener of this.#settled) listener();
    }
    return fired;
  }

  /**
   * Moves the idle periodic timers at the head of the queue past the repetitions due
   * before the next busy timer and not after `limit`; true when any moved.
   */
  #skipIdle(limit: number): boolean {
    const idle = this.#idle;
    if (idle === undefined) return false;
    const parked: Entry[] = [];
    let top = this.#peek();
    while (top !== undefined && top.intervalMs > 0 && top.task !== undefined && idle(top.task)) {
      this.#queue.pop();
      parked.push(top);
      top = this.#peek();
    }
    if (parked.length === 0) return false;
    const bound = top !== undefined && top.dueAt <= limit ? top.dueAt : undefined;
    let moved = false;
    for (const entry of parked) {
      let skips = 0;
      if (bound !== undefined) skips = Math.ceil((bound - entry.dueAt) / entry.intervalMs);
      else if (Number.isFinite(limit))
        skips = Math.floor((limit - entry.dueAt) / entry.intervalMs) + 1;
      if (skips > 0) {
        entry.dueAt += skips * entry.intervalMs;
        // As if re-armed by its last skipped repetition.
        entry.seq = this.#seq++;
        moved = true;
      }
      this.#queue.push(entry);
    }
    return moved;
  }

  /**
   * The data timers as plain JSON, in firing order. Throws if a closure timer is pending,
   * since a function cannot be serialised.
   *
   * @example
   * const saved = JSON.stringify(clock.snapshot());
   * const copy = VirtualClock.restore(JSON.parse(saved));
   */
  snapshot(): ClockSnapshot {
    if (this.#closureCount > 0) {
      const ids = this.#byId
        .values()
        .filter((e) => e.fn !== undefined)
        .map((e) => e.id);
      throw new Error(
        `Virtual clock: cannot snapshot while ${ids.length} closure timer(s) are pending ` +
          `(ids ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}); ` +
          'closures are not serialisable — schedule data tasks with schedule()/every() instead',
      );
    }
    const entries = this.#byId.values().sort((a, b) => (isBefore(a, b) ? -1 : 1));
    return {
      now: this.#now,
      seq: this.#seq,
      nextId: this.#nextId,
      timers: entries.map((e) =>
        e.intervalMs > 0
          ? { id: e.id, dueAt: e.dueAt, seq: e.seq, task: taskOf(e)!, intervalMs: e.intervalMs }
          : { id: e.id, dueAt: e.dueAt, seq: e.seq, task: taskOf(e)! },
      ),
    };
  }

  /**
   * Rebuilds a clock from {@link snapshot}: same time, ids and order, so that continuing
   * both fires the same tasks in the same order. Set the dispatcher again with onTask.
   */
  static restore(
    snapshot: ClockSnapshot,
    options: Omit<VirtualClockOptions, 'now'> = {},
  ): VirtualClock {
    const clock = new VirtualClock({ ...options, now: snapshot.now });
    checkCounter(snapshot.seq, 'seq');
    checkCounter(snapshot.nextId, 'nextId');
    clock.#seq = snapshot.seq;
    clock.#nextId = snapshot.nextId;
    clock.#byId = new IdIndex(snapshot.nextId);
    const restored: Entry[] = [];
    const seqs = new Set<number>();
    for (const t of snapshot.timers) {
      const where = `snapshot timer ${describeValue(t.id)}`;
      if (
        !Number.isInteger(t.id) ||
        t.id < 1 ||
        t.id >= snapshot.nextId ||
        clock.#byId.get(t.id) !== undefined
      ) {
        throw new RangeError(`Virtual clock: ${where} has an invalid or duplicate id`);
      }
      if (!Number.isInteger(t.seq) || t.seq < 0 || t.seq >= snapshot.seq || seqs.has(t.seq)) {
        throw new RangeError(`Virtual clock: ${where} has an invalid seq ${describeValue(t.seq)}`);
      }
      if (typeof t.dueAt !== 'number' || !Number.isFinite(t.dueAt) || t.dueAt < snapshot.now) {
        throw new RangeError(
          `Virtual clock: ${where} has an invalid dueAt ${describeValue(t.dueAt)}`,
        );
      }
      const intervalMs = t.intervalMs ?? 0;
      if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 0) {
        throw new RangeError(
          `Virtual clock: ${where} has an invalid intervalMs ${describeValue(intervalMs)}`,
        );
      }
      checkTask(t.task);
      seqs.add(t.seq);
      const entry: Entry = {
        id: t.id,
        dueAt: t.dueAt,
        seq: t.seq,
        intervalMs,
        task: t.task,
        fn: undefined,
        args: NO_ARGS,
        chained: false,
        done: false,
      };
      clock.#byId.add(entry);
      if (intervalMs > 0) clock.#periodicCount++;
      restored.push(entry);
    }
    clock.#queue.rebuild(restored);
    return clock;
  }

  #add(
    dueAt: number,
    intervalMs: number,
    task: TimerTask | undefined,
    fn: Callback | undefined,
    args: readonly unknown[],
  ): number {
    checkLimit(dueAt, 'schedule a timer at');
    const id = this.#nextId++;
    const entry: Entry = {
      id,
      dueAt,
      seq: this.#seq++,
      intervalMs,
      task,
      fn,
      args,
      chained: this.#firing && dueAt === this.#now,
      done: false,
    };
    this.#byId.add(entry);
    if (intervalMs > 0) this.#periodicCount++;
    if (fn !== undefined) this.#closureCount++;
    this.#queue.push(entry);
    return id;
  }

  #enter(): void {
    if (this.#firing) {
      throw new Error(
        'Virtual clock: cannot advance the clock from inside a timer; schedule a timer instead',
      );
    }
    this.#firing = true;
    // The guard bounds one call's work at one instant; separate calls at the same
    // instant (many API requests, no time passing) must not add up.
    this.#guardInstant = Number.NaN;
    this.#guardCount = 0;
  }

  /** Removes `entry` (the heap top) from the queue, moves time to it and runs it. */
  #fire(entry: Entry): void {
    this.#queue.pop();
    this.#now = entry.dueAt;
    if (entry.intervalMs > 0) {
      // Re-armed before it runs, so the callback can cancel it by id and a throw leaves it armed.
      entry.dueAt += entry.intervalMs;
      entry.seq = this.#seq++;
      this.#queue.push(entry);
    } else {
      this.#retire(entry);
    }
    if (entry.chained) {
      if (this.#guardInstant !== entry.dueAt) {
        this.#guardInstant = entry.dueAt;
        this.#guardCount = 0;
      }
      this.#guardCount++;
    }
    if (entry.task !== undefined) {
      const handler = this.#handler;
      if (handler === undefined) {
        throw new Error(
          `Virtual clock: task "${describeEntry(entry)}" is due but no dispatcher is set; call onTask() first`,
        );
      }
      handler(entry.task, entry.id);
    } else {
      entry.fn!(...entry.args);
    }
    if (entry.chained && this.#guardCount > this.#loopLimit) {
      const culprit = describeEntry(entry);
      throw new ClockLoopError(
        `Virtual clock loop guard: ${this.#guardCount} timers fired at ${formatInstant(this.#now)}, ` +
          `all scheduled at that instant; the last was "${culprit}" — ` +
          'something keeps re-scheduling itself with no delay',
        this.#now,
        culprit,
      );
    }
  }

  #retire(entry: Entry): void {
    entry.done = true;
    this.#byId.delete(entry);
    if (entry.intervalMs > 0) this.#periodicCount--;
    if (entry.fn !== undefined) this.#closureCount--;
  }

  /** The earliest live entry, dropping cancelled ones from the top. */
  #peek(): Entry | undefined {
    const queue = this.#queue;
    while (queue.size > 0) {
      const top = queue.top();
      if (!top.done) return top;
      queue.pop();
      this.#cancelledInHeap--;
    }
    return undefined;
  }

  /** Rebuilds the heap without cancelled entries once they are the majority. */
  #maybeCompact(): void {
    if (this.#cancelledInHeap < 1024 || this.#cancelledInHeap * 2 < this.#queue.size) return;
    this.#queue.sweep();
    this.#cancelledInHeap = 0;
  }
}

function checkDelay(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `Virtual clock: ${what} must be a finite, non-negative number of milliseconds; got ${describeValue(value)}`,
    );
  }
}

function checkLimit(time: number, what: string): void {
  if (time > MAX_TIME_MS) {
    throw new RangeError(
      `Virtual clock: cannot ${what} ${time}: past the last instant a Date can hold (${MAX_TIME_MS})`,
    );
  }
}

function checkTask(task: unknown): asserts task is TimerTask {
  if (
    typeof task !== 'object' ||
    task === null ||
    typeof (task as { kind?: unknown }).kind !== 'string'
  ) {
    throw new TypeError(
      `Virtual clock: a task must be an object with a string "kind"; got ${describeValue(task)}`,
    );
  }
}

function checkFunction(fn: unknown): void {
  if (typeof fn !== 'function') {
    throw new TypeError(`Virtual clock: setTimeout needs a function; got ${describeValue(fn)}`);
  }
}

function checkCounter(value: unknown, what: string): void {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw new RangeError(
      `Virtual clock: snapshot ${what} must be a non-negative integer; got ${describeValue(value)}`,
    );
  }
}
