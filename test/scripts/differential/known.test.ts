import { describe, expect, it } from 'vitest';
import { classify } from '../../../scripts/differential/known.mjs';

const powerState = (simStatus: string, sim: string, nova: string) => ({
  kind: 'value',
  path: 'server.OS-EXT-STS:power_state',
  simStatus,
  sim,
  nova,
});

describe('known differences: the fake driver power state', () => {
  it('accepts libvirt power states os-resetState left behind, under error and active', () => {
    // gen-2126: suspend (libvirt SHUTDOWN), then os-resetState active: the fake driver says RUNNING.
    expect(classify('p', {}, powerState('ACTIVE', '4', '1'))).toBe('fake-driver-power-state');
    expect(classify('p', {}, powerState('ERROR', '3', '1'))).toBe('fake-driver-power-state');
    expect(classify('p', {}, powerState('SUSPENDED', '4', '1'))).toBe('fake-driver-power-state');
  });

  it('leaves other power state differences unexplained', () => {
    expect(classify('p', {}, powerState('SHUTOFF', '1', '4'))).toBeUndefined();
    expect(classify('p', {}, powerState('ACTIVE', '7', '1'))).toBeUndefined();
    expect(classify('p', {}, powerState('ACTIVE', '4', '0'))).toBeUndefined();
  });
});
