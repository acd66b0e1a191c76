import fc from 'fast-check';
import type { CloudConfigInput } from '../../config.js';

/**
 * Nova's timing and quota options in the ranges that change behaviour: soft delete on or
 * off, auto-confirm of resizes, offload now / later / never, rescue and build timeouts,
 * same-host resize, retries, step jitter, tight quotas.
 *
 * @example
 * fc.sample(cloudConfig(), 1); // [{ reclaimInstanceInterval: 120, shelvedOffloadTime: -1, … }]
 */
export function cloudConfig(): fc.Arbitrary<CloudConfigInput> {
  return fc.record(
    {
      reclaimInstanceInterval: fc.constantFrom(0, 0, 60, 150),
      resizeConfirmWindow: fc.constantFrom(0, 0, 60),
      shelvedOffloadTime: fc.constantFrom(0, 0, -1, 120),
      shelvedPollInterval: fc.constantFrom(600, 3600),
      rescueTimeout: fc.constantFrom(0, 0, 120),
      instanceBuildTimeout: fc.constantFrom(0, 0, 0, 30),
      allowResizeToSameHost: fc.boolean(),
      maxAttempts: fc.constantFrom(1, 3),
      jitter: fc.constantFrom(0, 0, 0.25),
      quotas: fc.record(
        { instances: fc.constantFrom(3, 10), cores: fc.constantFrom(6, 20) },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['reclaimInstanceInterval', 'shelvedOffloadTime', 'jitter'] },
  );
}
