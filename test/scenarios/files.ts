import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCENARIOS = join(ROOT, 'scenarios');

/** Every scenario file shipped in scenarios/ (schema.json aside), relative to the repo. */
export function scenarioFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json') && entry.name !== 'schema.json') found.push(path);
    }
  };
  walk(SCENARIOS);
  return found.map((path) => relative(ROOT, path)).sort();
}
