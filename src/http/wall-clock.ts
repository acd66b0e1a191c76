// The only module of nova-sim that reads the host's clock or sets host timers. The core runs on virtual time;
// the HTTP server needs wall time for two things: to make virtual time follow it
// (`--clock realtime`) and to expire Keystone tokens, which clients check against their
// own wall clock.

/** A source of wall time in epoch ms; tests pass a fake one. */
export interface WallClock {
  now(): number;
}

/** The host's clock. */
export const systemWallClock: WallClock = { now: () => Date.now() };

/**
 * A wall clock that moves only when told, for tests of token expiry and realtime sync.
 *
 * @example
 * const wall = createManualWallClock(0);
 * wall.advance(3_600_000);
 */
export function createManualWallClock(start = 0): WallClock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

/**
 * Runs `fn` every `ms` of wall time until stopped; the timer never keeps the process alive.
 *
 * @example
 * const ticker = everyWallInterval(250, () => driver.sync());
 * ticker.stop();
 */
export function everyWallInterval(ms: number, fn: () => void): { stop(): void } {
  const timer = setInterval(fn, ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Runs `fn` once the event loop has handled the I/O that is ready now (Node's check phase).
 *
 * @example
 * afterReadyIo(() => batch.flush());
 */
export function afterReadyIo(fn: () => void): void {
  setImmediate(fn);
}

/** Resolves on the event loop's next turn, after pending I/O (a long job's pause). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
