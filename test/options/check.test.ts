import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { isConfigError } from '../../src/options/check.js';
import { didYouMean } from '../../src/options/did-you-mean.js';

function errorOf(fn: () => unknown): { name: string; message: string; path: string } {
  try {
    fn();
  } catch (error) {
    expect(isConfigError(error)).toBe(true);
    return error as { name: string; message: string; path: string };
  }
  throw new Error('did not throw');
}

describe('createCloud checks its options against the one schema', () => {
  // Regression: this used to give a cloud with 0 hosts, silently.
  it('a misspelt hosts.count is refused with a suggestion', () => {
    const error = errorOf(() => createCloud({ hosts: { cont: 2 } as never }));
    expect(error.message).toBe('createCloud: unknown option hosts.cont; did you mean "count"?');
    expect(error.path).toBe('hosts.cont');
  });

  it('names the key path of a wrong type, and what it got', () => {
    expect(
      errorOf(() => createCloud({ config: { reclaimInstanceInterval: '3600' as never } })).message,
    ).toBe('createCloud: config.reclaimInstanceInterval must be number, not string "3600"');
    expect(
      errorOf(() => createCloud({ hosts: [{ name: 'a', vcpus: 'many' as never }] })).path,
    ).toBe('hosts[0].vcpus');
  });

  it('suggests near misses at any depth, and lists the keys when nothing is near', () => {
    expect(errorOf(() => createCloud({ config: { qoutas: {} } as never })).message).toContain(
      'did you mean "quotas"?',
    );
    expect(
      errorOf(() => createCloud({ config: { quotas: { instance: 3 } } as never })).message,
    ).toContain('unknown option config.quotas.instance; did you mean "instances"?');
    expect(errorOf(() => createCloud({ zzz: 1 } as never)).message).toMatch(
      /^createCloud: unknown option zzz; known: seed, hosts, config/,
    );
  });

  it('takes every valid option as before', () => {
    const cloud = createCloud({
      seed: 'abc',
      hosts: { count: 3, vcpus: 8, namePrefix: 'cn-' },
      config: { jitter: 0.1, weigher: 'pack', quotas: { instances: 5 }, stepMs: { spawning: 10 } },
      epochMs: 0,
      trace: true,
    });
    expect(cloud.scheduler.hosts().length).toBe(3);
  });

  it('a snapshot restores without a check of options it does not use', () => {
    const snapshot = createCloud({ seed: 1 }).snapshot();
    expect(() => createCloud({ restore: snapshot })).not.toThrow();
  });
});

describe('didYouMean', () => {
  it('finds typos and prefixes, not far words', () => {
    expect(didYouMean('cont', ['count', 'namePrefix'])).toBe('count');
    expect(didYouMean('memoryMB', ['memoryMb', 'diskGb'])).toBe('memoryMb');
    expect(didYouMean('flavours', ['flavors', 'images'])).toBe('flavors');
    expect(didYouMean('zzz', ['seed', 'hosts'])).toBeUndefined();
  });
});
