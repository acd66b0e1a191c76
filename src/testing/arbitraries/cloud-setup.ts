import fc from 'fast-check';
import type { CloudSetup } from '../model/system.js';
import { cloudConfig } from './cloud-config.js';
import { hostLayout } from './host-layout.js';

/**
 * A whole cloud to start from: seed, host layout and config.
 *
 * @example
 * test.prop([cloudSetup()])('boots', (setup) => { const cloud = createCloud(setup); … });
 */
export function cloudSetup(): fc.Arbitrary<CloudSetup> {
  return fc.record({
    seed: fc.nat(2 ** 31 - 1),
    hosts: hostLayout(),
    config: cloudConfig(),
  });
}
