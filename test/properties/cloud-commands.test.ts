import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe } from 'vitest';
import {
  cloudCommands,
  cloudConfig,
  hostLayout,
  runCloudCommands,
} from '../../src/testing/index.js';
import { numRuns, propertySeed, TIMEOUT } from './support.js';

// Random API traffic against random clouds; every response is checked against the
// reference model and every invariant after every command (capacity, status, transitions,
// 4xx changed nothing, lifecycle, quota, listing).

describe('Nova rules hold under random traffic', () => {
  test.prop([cloudCommands()], { numRuns: numRuns(150), seed: propertySeed() })(
    'any host layout, any config',
    (program) => {
      runCloudCommands(program, { name: 'nova-rules' });
    },
    TIMEOUT,
  );

  // Soft delete on: restore races the reclaim tick; small hosts so moves and rebuilds
  // meet full hosts.
  const softDelete = fc.record({
    seed: fc.nat(2 ** 31 - 1),
    hosts: hostLayout(),
    config: cloudConfig().map((config) => ({ ...config, reclaimInstanceInterval: 60 })),
  });
  test.prop([cloudCommands({ setup: softDelete })], {
    numRuns: numRuns(80),
    seed: propertySeed(7),
  })(
    'soft delete and reclaim',
    (program) => {
      runCloudCommands(program, { name: 'nova-rules-soft-delete' });
    },
    TIMEOUT,
  );

  // Nova's defaults on the default four hosts: what most users run against.
  test.prop(
    [
      cloudCommands({
        setup: fc.record({
          seed: fc.nat(2 ** 31 - 1),
          hosts: fc.constant([1, 2, 3, 4].map((n) => ({ name: `compute-${n}` }))),
          config: fc.constant({}),
        }),
      }),
    ],
    {
      numRuns: numRuns(80),
      seed: propertySeed(11),
    },
  )(
    'Nova defaults',
    (program) => {
      runCloudCommands(program, { name: 'nova-rules-defaults' });
    },
    TIMEOUT,
  );
});
