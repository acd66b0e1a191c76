import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_STATUSES } from '../../src/compute/status-map.js';
import { readScenarioFile } from '../../src/scenario/load.js';
import { replay } from '../../src/scenario/run.js';
import { traceToJsonLines } from '../../src/scenario/trace.js';
import { ROOT, scenarioFiles } from './files.js';

const files = scenarioFiles();

describe('shipped scenarios', { timeout: 30_000 }, () => {
  it.each(files)('%s replays without a failure', (file) => {
    const result = replay(readScenarioFile(join(ROOT, file)), { file });
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.steps).toBeGreaterThan(0);
  });

  it.each(files)('%s points $schema at scenarios/schema.json', (file) => {
    const json = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { $schema?: string };
    const depth = file.split('/').length - 2;
    expect(json.$schema).toBe(depth === 0 ? './schema.json' : `${'../'.repeat(depth)}schema.json`);
  });

  it('has one scenario per status of DESIGN.md and the tour', () => {
    for (const status of SERVER_STATUSES) {
      const name = status.toLowerCase().replace(/_/g, '-');
      expect(files, status).toContain(`scenarios/statuses/${name}.json`);
    }
    expect(files).toContain('scenarios/tour.json');
  });

  it('gives the same trace, byte for byte, for the same file and seed', () => {
    const file = 'scenarios/tour.json';
    const run = () => traceToJsonLines(replay(readScenarioFile(join(ROOT, file)), { file }).trace);
    const first = run();
    expect(run()).toBe(first);
    const other = traceToJsonLines(
      replay(readScenarioFile(join(ROOT, file)), { file, seed: 7 }).trace,
    );
    expect(other).not.toBe(first);
  });
});
