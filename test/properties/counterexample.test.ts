import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { replay } from '../../src/scenario/run.js';
import {
  cloudCommands,
  createReferenceModel,
  isCloudPropertyError,
  REFERENCE_ACTIONS,
  REFERENCE_STATUS_MAP,
  type ReferenceModel,
  runCloudCommands,
  toScenario,
} from '../../src/testing/index.js';
import { tempDir } from '../support/temp-dir.js';
import { numRuns, propertySeed, TIMEOUT } from './support.js';

// A failing property leaves its shrunk counterexample as a scenario file, named in the
// failure message, that the scenario runner (`nova-sim replay`) reproduces.

/**
 * Plain lifecycle traffic: no host failures or faults, so only the mutation can fail, and
 * no neighbour traffic, so the server actions the mutations are about come often enough.
 */
const traffic = cloudCommands({
  maxCommands: 25,
  weights: {
    hostDown: 0,
    hostUp: 0,
    hostDisable: 0,
    fault: 0,
    restore: 0,
    volume: 0,
    volumeAttach: 0,
    volumeDelete: 0,
    port: 0,
    interface: 0,
    floatingIp: 0,
    securityGroup: 0,
  },
});

function failure(reference: ReferenceModel, name: string, dir: string, shrink: boolean) {
  const result = fc.check(
    fc.property(traffic, (program) => {
      runCloudCommands(program, { reference, name, counterexampleDir: dir });
    }),
    { numRuns: 300, seed: 3, endOnFailure: !shrink },
  );
  expect(result.failed).toBe(true);
  const error = result.errorInstance;
  if (!isCloudPropertyError(error)) throw error;
  expect(error.message).toContain(`counterexample scenario: ${error.scenarioPath}`);
  expect(error.message).toContain(`npx nova-sim replay ${error.scenarioPath}`);
  const file = error.scenarioPath!;
  expect(file).toBe(join(dir, `${name}.json`));
  const scenario = loadScenario(JSON.parse(readFileSync(file, 'utf8')), { file });
  return { error, scenario, result: replay(scenario, { file }) };
}

describe('counterexamples', () => {
  // Any run exports to a valid scenario that replays to the same codes, id for id.
  test.prop([cloudCommands({ maxCommands: 25 })], { numRuns: numRuns(15), seed: propertySeed(5) })(
    'a run replays as its scenario',
    (program) => {
      const system = runCloudCommands(program, { counterexampleDir: false });
      const scenario = loadScenario(JSON.parse(JSON.stringify(toScenario(system))));
      const result = replay(scenario);
      expect(result.failures).toEqual([]);
    },
    TIMEOUT,
  );

  const dir = tempDir('counterexamples');

  it(
    'a broken invariant replays to the same failure',
    () => {
      const building = createReferenceModel({
        statusMap: { ...REFERENCE_STATUS_MAP, building: { default: 'ACTIVE', tasks: {} } },
      });
      const { error, scenario, result } = failure(building, 'building-shows-active', dir, true);
      // Shrunk to the one create that shows the wrong status.
      expect(error.message).toMatch(/after 1 command\(s\)/);
      expect(result.ok).toBe(false);
      expect(result.failures[0]?.step).toBe(scenario.steps.length - 1);
      expect(result.failures[0]?.message).toMatch(/status/);
    },
    TIMEOUT,
  );

  it(
    'an unexpected response replays to the same response',
    () => {
      const suspendPaused = createReferenceModel({
        actions: {
          ...REFERENCE_ACTIONS,
          suspend: { ...REFERENCE_ACTIONS.suspend, vmStates: ['active', 'paused'] },
        },
      });
      const { scenario, result } = failure(suspendPaused, 'suspend-paused', dir, false);
      expect(result.ok).toBe(false);
      const step = scenario.steps[result.failures[0]!.step] as { request?: { body?: unknown } };
      expect(step.request?.body).toHaveProperty('suspend');
      expect(result.failures[0]).toMatchObject({ expected: '202', found: 409 });
    },
    TIMEOUT,
  );
});
