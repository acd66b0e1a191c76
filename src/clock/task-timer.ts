import { type Entry, NO_ARGS, type TimerTask } from './timer-queue.js';

/**
 * A one-shot data timer that carries its own task: the task's fields live on the clock's
 * entry, so a timer on the hot path (a server's next step) is one object rather than a task
 * and an entry, with one due time rather than two. The clock hands the timer itself to the
 * dispatcher as the task; a snapshot, or the loop guard's message, gets the plain task from
 * {@link toTask}, so it reads exactly as a task passed to `schedule` would.
 *
 * Schedule each instance once (`VirtualClock.scheduleTimer`); the clock fills `id`, `dueAt`,
 * `seq` and `chained`.
 *
 * @example
 * class Ping extends TaskTimer {
 *   readonly kind = 'ping';
 *   toTask() { return { kind: this.kind }; }
 * }
 * clock.scheduleTimer(1000, new Ping());
 */
export abstract class TaskTimer implements Entry {
  id = 0;
  dueAt = 0;
  seq = 0;
  readonly intervalMs = 0;
  readonly task: TimerTask;
  readonly fn = undefined;
  readonly args: readonly unknown[] = NO_ARGS;
  chained = false;
  done = false;
  abstract readonly kind: string;

  constructor() {
    // The entry is its own task: the dispatcher reads the subclass's fields from it.
    this.task = this as unknown as TimerTask;
  }

  /** The task as plain JSON data, as `VirtualClock.schedule` would have stored it. */
  abstract toTask(): TimerTask;
}

/** The plain task of an entry: a {@link TaskTimer}'s own, spelled out. */
export function taskOf(entry: Entry): TimerTask | undefined {
  return entry instanceof TaskTimer ? entry.toTask() : entry.task;
}
