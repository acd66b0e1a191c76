import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { findCycles, importGraph, importsOf } from './import-graph.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

describe('src/ imports point one way', () => {
  test('no module of src/ imports itself through others (type-only imports count)', () => {
    const graph = importGraph(SRC);
    expect(graph.size).toBeGreaterThan(300);
    const cycles = findCycles(graph).map((cycle) => cycle.join(' → '));
    expect(cycles, `import cycles in src/:\n${cycles.join('\n')}`).toEqual([]);
  });

  test('the Nova API sees the cloud through NovaCloud, not through cloud.ts', () => {
    const graph = importGraph(SRC);
    const intoCloud = [...graph]
      .filter(([file, targets]) => file.startsWith('api/') && targets.includes('cloud.ts'))
      .map(([file]) => file);
    expect(intoCloud).toEqual([]);
  });
});

describe('the cycle finder', () => {
  test('reads static, type-only, re-export, side-effect and dynamic imports, not comments', () => {
    const source = [
      "import { a } from './a.js';",
      "import type {\n  B,\n  C,\n} from '../b.js';",
      "export type { D } from './d.js';",
      "export * from './e.js';",
      "import './f.js';",
      "const g = await import('./g.js');",
      "import { h } from 'node:fs';",
      "// import { x } from './commented.js';",
      "/** @example import { y } from './doc.js'; */",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      './a.js',
      '../b.js',
      './d.js',
      './e.js',
      './f.js',
      './g.js',
    ]);
  });

  test('names each cycle as a path back to its first file', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
      ['f.ts', ['g.ts']],
      ['g.ts', ['f.ts']],
    ]);
    expect(findCycles(graph)).toEqual([
      ['a.ts', 'b.ts', 'c.ts', 'a.ts'],
      ['e.ts', 'e.ts'],
      ['f.ts', 'g.ts', 'f.ts'],
    ]);
  });

  test('an acyclic graph has none', () => {
    const graph = new Map([
      ['a.ts', ['b.ts', 'c.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', []],
    ]);
    expect(findCycles(graph)).toEqual([]);
  });
});
