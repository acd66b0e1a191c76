import { describe, expect, it } from 'vitest';
import type { Cloud, CloudOptions } from '../../src/cloud.js';
import { engine } from '../support/engine.js';
import { script } from '../support/script.js';

// DESIGN.md: all randomness comes from one seeded PRNG and all time from the virtual
// clock, so the same seed and the same inputs give the same trace, byte for byte.

const run = (options: CloudOptions) => {
  const cloud = engine({ trace: true, hosts: { count: 3 }, config: { jitter: 0.3 }, ...options });
  script(cloud);
  return cloud;
};

describe('determinism', () => {
  it('gives the identical trace for the same seed and the same operations', () => {
    const a = run({ seed: 42 });
    const b = run({ seed: 42 });
    expect(a.trace!.length).toBeGreaterThan(50);
    expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
    expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(a.snapshot()));
  });

  it('gives different ids (and so traces) for a different seed', () => {
    const a = run({ seed: 42 });
    const b = run({ seed: 43 });
    const ids = (cloud: Cloud) => [...cloud.compute.servers.keys()];
    expect(ids(a)).toHaveLength(5);
    for (const id of ids(b)) expect(ids(a)).not.toContain(id);
    expect(JSON.stringify(b.trace)).not.toBe(JSON.stringify(a.trace));
  });

  it('accepts string seeds, deterministically', () => {
    const ids = (seed: string) => [...run({ seed }).compute.servers.keys()];
    expect(ids('alpha')).toEqual(ids('alpha'));
    expect(ids('alpha')).not.toEqual(ids('beta'));
  });

  it('records only when asked: no trace by default', () => {
    expect(engine().trace).toBeUndefined();
  });
});
