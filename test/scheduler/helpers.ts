import { isNovaError } from '../../src/errors/nova-error.js';
import type { Resources, Scheduler, SubsetRandom } from '../../src/scheduler/index.js';

export function flavor(vcpus: number, memoryMb: number, diskGb = 0): Resources {
  return { vcpus, memoryMb, diskGb };
}

/** One instance of `resources`, no constraints. */
export function one(resources: Resources) {
  return { resources, count: 1 };
}

/** The NovaError code `fn` throws, or the thrown value if it is something else. */
export function novaCode(fn: () => unknown): number {
  try {
    fn();
  } catch (error) {
    if (isNovaError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a NovaError, nothing was thrown');
}

/** A tiny seeded generator (mulberry32), so tests do not depend on src/random. */
export function seeded(seed: number): SubsetRandom & { draws: number } {
  let a = seed >>> 0;
  const rng = {
    draws: 0,
    int(min: number, max: number): number {
      rng.draws++;
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      return min + Math.floor(u * (max - min));
    },
  };
  return rng;
}

/** The chosen host of each instance. */
export function chosen(s: Scheduler, result: ReturnType<Scheduler['select']>): string[] {
  if (!result.ok) throw new Error(`selection failed: ${result.reason} (${s.hosts().length} hosts)`);
  return result.picks.map((p) => p[0]!);
}
