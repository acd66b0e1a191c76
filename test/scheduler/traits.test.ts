import { describe, expect, it } from 'vitest';
import {
  createScheduler,
  type Scheduler,
  type SelectionRequest,
} from '../../src/scheduler/index.js';
import { flavor, one } from './helpers.js';

// The traits master's ResourceRequest sends Placement: the flavor's trait[$S]:X extra specs
// (required or forbidden), the image's trait:X=required, hw:maxphysaddr_mode's trait.

const small = flavor(1, 512, 1);

function hosts(strategy: 'indexed' | 'scan'): Scheduler {
  const s = createScheduler({ strategy });
  s.addHost({ name: 'plain', memoryMb: 32768 }, 0);
  s.addHost({ name: 'ssd', memoryMb: 16384, traits: ['CUSTOM_SSD'] }, 0);
  s.addHost({ name: 'both', memoryMb: 8192, traits: ['CUSTOM_SSD', 'CUSTOM_GPU'] }, 0);
  return s;
}

function where(s: Scheduler, request: Partial<SelectionRequest>): string {
  const r = s.select({ ...one(small), ...request }, 0);
  return r.ok ? r.picks[0]![0]! : r.reason;
}

describe.each(['indexed', 'scan'] as const)('traits in Placement (%s)', (strategy) => {
  it('flavor trait:X=required and trait$S:X=required', () => {
    expect(where(hosts(strategy), { extraSpecs: { 'trait:CUSTOM_SSD': 'required' } })).toBe('ssd');
    expect(where(hosts(strategy), { extraSpecs: { 'trait1:CUSTOM_GPU': 'required' } })).toBe(
      'both',
    );
    expect(where(hosts(strategy), { extraSpecs: { 'trait:CUSTOM_NONE': 'required' } })).toBe(
      'no-candidates',
    );
    // Any other value is ignored (master logs a warning).
    expect(where(hosts(strategy), { extraSpecs: { 'trait:CUSTOM_NONE': 'preferred' } })).toBe(
      'plain',
    );
  });

  it('flavor trait:X=forbidden', () => {
    expect(where(hosts(strategy), { extraSpecs: { 'trait:CUSTOM_SSD': 'forbidden' } })).toBe(
      'plain',
    );
    expect(
      where(hosts(strategy), {
        extraSpecs: { 'trait:CUSTOM_SSD': 'required', 'trait:CUSTOM_GPU': 'forbidden' },
      }),
    ).toBe('ssd');
  });

  it('image trait:X=required', () => {
    expect(where(hosts(strategy), { imageProperties: { 'trait:CUSTOM_GPU': 'required' } })).toBe(
      'both',
    );
    expect(where(hosts(strategy), { imageProperties: { 'trait:CUSTOM_GPU': 'forbidden' } })).toBe(
      'plain',
    );
  });
});

describe('the rebuild check of image traits (_validate_image_traits_for_rebuild)', () => {
  const s = hosts('indexed');
  const check = (host: string, imageProperties: Record<string, string>, extraSpecs = {}) =>
    s.checkRebuild({ ...one(small), imageProperties, extraSpecs }, host, 0);

  it('the host must have every required image trait', () => {
    expect(check('both', { 'trait:CUSTOM_GPU': 'required' }).ok).toBe(true);
    expect(check('ssd', { 'trait:CUSTOM_GPU': 'required' })).toEqual({
      ok: false,
      reason: 'refused',
      message:
        'No valid host was found. Image traits cannot be satisfied by the current resource ' +
        'providers. Either specify a different image during rebuild or create a new server ' +
        'with the specified image.',
    });
  });

  it('a required image trait the flavor forbids is refused first', () => {
    const r = check(
      'both',
      { 'trait:CUSTOM_GPU': 'required' },
      { 'trait:CUSTOM_GPU': 'forbidden' },
    );
    expect(r.ok === false && r.reason === 'refused' && r.message).toContain(
      'Image traits are part of forbidden traits in flavor associated with the server.',
    );
  });
});
