import fc from 'fast-check';
import type { HostSpec } from '../../scheduler/index.js';

/**
 * 1–4 compute hosts named `compute-1`…, small enough that capacity runs out (down to two
 * m1.small servers), some in a second availability zone.
 *
 * @example
 * fc.sample(hostLayout(), 1); // [[{ name: 'compute-1', vcpus: 4, memoryMb: 8192, … }]]
 */
export function hostLayout(): fc.Arbitrary<HostSpec[]> {
  const host = fc.record({
    vcpus: fc.constantFrom(2, 4, 16),
    memoryMb: fc.constantFrom(4608, 8704, 32768),
    diskGb: fc.constantFrom(100, 500),
    availabilityZone: fc.constantFrom('nova', 'nova', 'az1'),
  });
  return fc
    .array(host, { minLength: 1, maxLength: 4 })
    .map((hosts) => hosts.map((spec, i) => ({ name: `compute-${i + 1}`, ...spec })));
}
