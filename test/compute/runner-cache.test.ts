import { describe, expect, it } from 'vitest';
import { runnerFor } from '../../src/compute/runner-cache.js';
import { resolveConfig } from '../../src/config.js';
import { build, engine, settle } from '../support/engine.js';

describe('runnerFor', () => {
  it('shares one runner between configs with the same step durations and shelve policy', () => {
    const a = runnerFor(resolveConfig({ stepMs: { spawning: 4321 } }));
    expect(runnerFor(resolveConfig({ stepMs: { spawning: 4321 } }))).toBe(a);
    expect(runnerFor(resolveConfig({ stepMs: { spawning: 4322 } }))).not.toBe(a);
    expect(
      runnerFor(resolveConfig({ stepMs: { spawning: 4321 }, shelvedOffloadTime: -1 })),
    ).not.toBe(a);
  });

  it('gives each cloud its own step durations, whichever cloud came first', () => {
    const buildTime = (spawning: number) => {
      const cloud = engine({ config: { jitter: 0, stepMs: { spawning } } });
      const [server] = build(cloud);
      const start = cloud.clock.now();
      settle(cloud, server!);
      return server!.launchedAt! - start;
    };
    const slow = buildTime(50_000);
    const fast = buildTime(1_000);
    expect(slow - fast).toBe(49_000);
    expect(buildTime(50_000)).toBe(slow);
  });
});
