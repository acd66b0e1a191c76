import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

/**
 * A fresh folder `<tmp>/nova-sim-<prefix>-XXXXXX`, removed once the importing test file's
 * tests have run, so that repeated runs do not fill the temp folder.
 *
 * @example
 * const path = join(tempDir('cli'), 'scenario.json');
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `nova-sim-${prefix}-`));
  made.push(dir);
  return dir;
}

// Vitest evaluates this module once per test file (isolation), so the hook joins that file.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
