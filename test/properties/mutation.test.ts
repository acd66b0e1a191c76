import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cloudCommands,
  createReferenceModel,
  REFERENCE_ACTIONS,
  REFERENCE_SEQUENCES,
  REFERENCE_STATUS_MAP,
  type ReferenceModel,
  runCloudCommands,
} from '../../src/testing/index.js';
import { TIMEOUT } from './support.js';

// The harness must catch what it is meant to catch: with one deliberate mistake in the
// reference model's tables, the properties fail against the real cloud within the run
// budget. (The reference model is separate from the engine, so the mutation goes there.)

interface Mutant {
  readonly reference: ReferenceModel;
  /** The failure must be this mutation's, not some other finding. */
  readonly caught: RegExp;
}

const stopped = REFERENCE_STATUS_MAP.stopped!;
const MUTANTS: Readonly<Record<string, Mutant>> = {
  'status map: a starting server shows ACTIVE': {
    reference: createReferenceModel({
      statusMap: {
        ...REFERENCE_STATUS_MAP,
        stopped: { ...stopped, tasks: { ...stopped.tasks, 'powering-on': 'ACTIVE' } },
      },
    }),
    caught: /stopped\/powering-on and shows SHUTOFF; Nova's status map says ACTIVE/,
  },
  'allowed states: suspend from paused': {
    reference: createReferenceModel({
      actions: {
        ...REFERENCE_ACTIONS,
        suspend: { ...REFERENCE_ACTIONS.suspend, vmStates: ['active', 'paused'] },
      },
    }),
    caught: /suspend of \S+ \(paused\/None\).*expected 202.*got 409/,
  },
  'allowed states: soft reboot without the task check': {
    reference: createReferenceModel({
      actions: {
        ...REFERENCE_ACTIONS,
        rebootSoft: { ...REFERENCE_ACTIONS.rebootSoft, taskStates: 'any' },
      },
    }),
    caught: /rebootSoft of .*expected 202.*got 409/,
  },
  'sequences: no walk for unpause': {
    reference: createReferenceModel({
      sequences: REFERENCE_SEQUENCES.filter((row) => row.name !== 'unpause'),
    }),
    caught: /unpause of .* was accepted and left the server paused\/unpausing/,
  },
};

/** Lifecycle traffic only: host failures and faults could surface other findings first. */
const traffic = cloudCommands({
  weights: { hostDown: 0, hostUp: 0, hostDisable: 0, fault: 0, restore: 0 },
});

describe('a wrong reference model is caught', () => {
  for (const [name, { reference, caught }] of Object.entries(MUTANTS)) {
    it(
      name,
      () => {
        const result = fc.check(
          fc.property(traffic, (program) => {
            runCloudCommands(program, { reference, counterexampleDir: false });
          }),
          { numRuns: 300, seed: 3, endOnFailure: true },
        );
        expect(result.failed, `${name} survived ${result.numRuns} runs`).toBe(true);
        expect((result.errorInstance as Error).message.split('\n')[0]).toMatch(caught);
      },
      TIMEOUT,
    );
  }
});
