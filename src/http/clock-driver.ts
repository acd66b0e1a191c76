import { MAX_TIME_MS, type VirtualClock } from '../clock/virtual-clock.js';
import type { WallClock } from './wall-clock.js';

export type ClockMode = 'realtime' | 'manual';

/**
 * The fastest realtime speed: a million virtual seconds per wall second, which still
 * leaves about 100 wall days before the clock reaches the last instant a Date can hold.
 */
export const MAX_SPEED = 1_000_000;

function checkSpeed(speed: number): void {
  if (!(speed > 0 && speed <= MAX_SPEED)) {
    throw new RangeError(`Clock speed must be > 0 and <= ${MAX_SPEED}; got ${speed}`);
  }
}

export interface ClockDriverOptions {
  readonly wall: WallClock;
  /** The current cloud's clock (the cloud is replaced on restore). */
  readonly clock: () => VirtualClock;
  readonly mode: ClockMode;
  /** Virtual ms per wall ms in realtime mode. */
  readonly speed: number;
  /** A timer that threw while time moved (the clock stays at its due time). */
  readonly onError: (error: unknown) => void;
}

/** How virtual time follows wall time. */
export interface ClockDriver {
  readonly mode: ClockMode;
  readonly speed: number;
  /** Realtime: moves the virtual clock to where wall time says it is; manual: nothing. */
  sync(): void;
  /** Starts following wall time from the clock's current instant (after a jump or restore). */
  rebase(): void;
  /** Changes mode and speed, keeping the current virtual instant. */
  set(mode: ClockMode, speed: number): void;
}

/**
 * Drives a cloud's virtual clock from wall time: virtual = anchor + (wall − wallAnchor) ×
 * speed. The clock never moves back; a manual advance moves the anchor with it.
 *
 * @example
 * const driver = createClockDriver({ wall: systemWallClock, clock: () => cloud.clock, mode: 'realtime', speed: 60, onError: console.error });
 * driver.sync(); // before each request
 */
export function createClockDriver(options: ClockDriverOptions): ClockDriver {
  const { wall, clock, onError } = options;
  checkSpeed(options.speed);
  let mode = options.mode;
  let speed = options.speed;
  let wallAnchor = wall.now();
  let virtualAnchor = clock().now();

  const rebase = () => {
    wallAnchor = wall.now();
    virtualAnchor = clock().now();
  };

  return {
    get mode() {
      return mode;
    },
    get speed() {
      return speed;
    },
    sync() {
      if (mode !== 'realtime') return;
      const target = Math.min(
        MAX_TIME_MS,
        Math.floor(virtualAnchor + (wall.now() - wallAnchor) * speed),
      );
      const current = clock();
      if (target <= current.now()) return;
      try {
        current.advanceTo(target);
      } catch (error) {
        onError(error);
      }
    },
    rebase,
    set(nextMode, nextSpeed) {
      checkSpeed(nextSpeed);
      mode = nextMode;
      speed = nextSpeed;
      rebase();
    },
  };
}
