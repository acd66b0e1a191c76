import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { replay } from '../../src/scenario/run.js';

// Counterexamples the properties found in the simulator, kept as the scenarios they wrote:
// each replayed as a regression test of its fix.

const run = (name: string) => {
  const file = new URL(`./counterexamples/${name}.json`, import.meta.url);
  const scenario = loadScenario(JSON.parse(readFileSync(file, 'utf8')), { file: file.pathname });
  return replay(scenario, { file: file.pathname });
};

describe('regressions found by the properties', () => {
  // Evacuating a server whose delete is under way (task_state deleting, its compute then
  // down): the precondition table let it through while the machine refused it, with a
  // message of our own. Nova refuses it (expected_task_state=[None]): now both say 409.
  it('evacuate while deleting answers 409 as Nova does', () => {
    const result = run('evacuate-while-deleting');
    expect(result.failures).toEqual([]);
  });
});
