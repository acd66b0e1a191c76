// Shared by the benches: timing, the figure lines, the one JSON line a bench ends with.
// Every figure is a ratio to a floor (or to itself at another size) measured in the same
// run, so a busy machine moves both sides of it alike.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** Re-runs the calling script under --expose-gc (heap figures need a forced GC). */
export function ensureGc(scriptUrl, extraFlags = []) {
  if (typeof globalThis.gc === 'function') return;
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      ...extraFlags,
      ...process.execArgv,
      fileURLToPath(scriptUrl),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}

/** Process CPU ms (user + system, all threads). */
export function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Wall and CPU µs per unit of `fn()`'s work. */
export function timed(units, fn) {
  const wall = performance.now();
  const cpu = cpuMs();
  fn();
  return {
    wall: ((performance.now() - wall) * 1000) / units,
    cpu: ((cpuMs() - cpu) * 1000) / units,
  };
}

/**
 * The best (lowest) of `rounds` interleaved timings of each contender: interleaving puts
 * both sides of a ratio under the same load, the minimum drops the rounds a neighbour
 * stole the core from.
 */
export function bestOf(rounds, contenders) {
  const best = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of Object.entries(contenders)) {
      const t = run();
      const was = best[name];
      best[name] = was ? { wall: Math.min(was.wall, t.wall), cpu: Math.min(was.cpu, t.cpu) } : t;
    }
  }
  return best;
}

export function gcNow() {
  globalThis.gc?.();
  globalThis.gc?.();
}

const fmt = (value) =>
  Math.abs(value) >= 100
    ? value.toFixed(0)
    : Math.abs(value) >= 1
      ? value.toFixed(2)
      : value.toFixed(3);

/**
 * Collects a bench's figures: prints each as it comes and the JSON line at the end.
 * A figure is `{ name, value, unit, floor?, ratio?, target?, holds? }`.
 */
export function createReport(bench) {
  const figures = [];
  return {
    figures,
    /** A plain figure with an optional target `{ op: '<=' | '>=', value }` on `value`. */
    add(name, value, unit, extra = {}) {
      const figure = { name, value: Number(value.toFixed(4)), unit, ...extra };
      figures.push(figure);
      const parts = [`${name.padEnd(58)} ${fmt(value).padStart(10)} ${unit}`];
      if (extra.floor !== undefined) parts.push(`floor ${fmt(extra.floor)} ${unit}`);
      if (extra.ratio !== undefined) parts.push(`ratio ${extra.ratio.toFixed(2)}`);
      if (extra.target !== undefined) {
        parts.push(`target ${extra.target} ${extra.holds ? 'holds' : 'MISSED'}`);
      }
      if (extra.note) parts.push(extra.note);
      console.log(parts.join('  '));
      return figure;
    },
    /** `value` against a floor: the ratio value/floor must be ≤ `max` (or ≥ `min`). */
    ratio(name, value, floor, unit, { max, min, note } = {}) {
      const ratio = value / floor;
      const holds = max !== undefined ? ratio <= max : ratio >= min;
      const target = max !== undefined ? `≤ ${max}×` : `≥ ${(min * 100).toFixed(0)}%`;
      return this.add(name, value, unit, {
        floor,
        ratio,
        target,
        holds,
        ...(note ? { note } : {}),
      });
    },
    /** Ends the bench: one JSON line, `BENCH {...}`, that bench/run.js collects. */
    done(extra = {}) {
      console.log(`BENCH ${JSON.stringify({ bench, ...extra, figures })}`);
    },
  };
}
