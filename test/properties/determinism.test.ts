import { test } from '@fast-check/vitest';
import { checkDeterminism, cloudCommands } from '../../src/testing/index.js';
import { numRuns, propertySeed, TIMEOUT } from './support.js';

// Same commands, same seed: the same responses and events, byte for byte; and snapshot →
// JSON → restore at random points reads the same as running straight through.
test.prop([cloudCommands({ weights: { restore: 6 }, maxCommands: 30 })], {
  numRuns: numRuns(40),
  seed: propertySeed(3),
})(
  'the same program gives the same trace, with or without snapshot/restore',
  (program) => {
    checkDeterminism(program);
  },
  TIMEOUT,
);
