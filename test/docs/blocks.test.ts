// Docs that run: every ```ts block of README.md and docs/*.md is written out as a module,
// type-checked with `tsc --strict` and executed: with node, or with vitest when it imports
// vitest (a block that calls `test()` needs the runner). Blocks import `nova-sim` by name,
// which resolves to this package's build (dist/, which `npm ci` builds through `prepare`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const VITEST = join(REPO, 'node_modules', 'vitest', 'vitest.mjs');
const OUT = join(REPO, 'tmp', 'doc-blocks');

interface Block {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  /** The folder it is written to, one per block. */
  readonly dir: string;
  /** Runs under vitest: it imports vitest or @fast-check/vitest. */
  readonly vitest: boolean;
}

/** The ```ts blocks of a Markdown file, with the line each starts on. */
function tsBlocks(file: string): Block[] {
  const lines = readFileSync(join(REPO, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]!.trim() !== '```') end++;
    const code = lines.slice(start, end).join('\n');
    blocks.push({
      file,
      line: start + 1,
      code,
      dir: join(OUT, `${file.replace(/\W/g, '-')}-${start + 1}`),
      vitest: /from '(@fast-check\/)?vitest'/.test(code),
    });
    i = end;
  }
  return blocks;
}

const docs = [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const blocks = docs.flatMap(tsBlocks);

function run(command: string, args: string[], cwd = REPO): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${stdout}${stderr}`);
  }
}

const sourceOf = (block: Block) => join(block.dir, block.vitest ? 'block.test.ts' : 'block.ts');

/** tsc's complaints, by block folder: one compiler run for every block is much quicker. */
let complaints = new Map<string, string>();

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  for (const block of blocks) {
    mkdirSync(block.dir, { recursive: true });
    // `export {}` makes every block a module, so top-level await works.
    writeFileSync(sourceOf(block), `${block.code}\nexport {};\n`);
    if (block.vitest) {
      writeFileSync(
        join(block.dir, 'vitest.config.mjs'),
        "export default { test: { include: ['block.test.js'], testTimeout: 300000 } };\n",
      );
    }
  }
  const options = ['--ignoreConfig', '--strict', '--module', 'nodenext', '--target', 'es2022'];
  const args = [TSC, ...options, '--types', 'node', '--rootDir', OUT, '--outDir', OUT];
  try {
    run('node', [...args, '--pretty', 'false', ...blocks.map(sourceOf)]);
  } catch (error) {
    complaints = new Map();
    for (const line of (error as Error).message.split('\n')) {
      // tsc names files relative to its working folder.
      const block = blocks.find((b) => line.startsWith(`${relative(REPO, b.dir)}/`));
      if (block) complaints.set(block.dir, `${complaints.get(block.dir) ?? ''}${line}\n`);
    }
    if (complaints.size === 0) throw error;
  }
}, 300_000);

describe('the ts blocks of README.md and docs/', { timeout: 300_000 }, () => {
  it('finds them in the README and in the guides', () => {
    const files = new Set(blocks.map((b) => b.file));
    for (const file of ['README.md', 'docs/library.md', 'docs/property-testing.md']) {
      expect(files).toContain(file);
    }
  });

  it.each(blocks.map((b) => [`${b.file}:${b.line}`, b] as const))(
    '%s type-checks with --strict and runs',
    (_, block) => {
      expect(complaints.get(block.dir) ?? '').toBe('');
      if (block.vitest) run('node', [VITEST, 'run', '--config', 'vitest.config.mjs'], block.dir);
      else run('node', [join(block.dir, 'block.js')]);
    },
  );
});
