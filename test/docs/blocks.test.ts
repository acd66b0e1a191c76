// Docs that run: every ```ts block of docs/*.md is written out as a module, type-checked
// with `tsc --strict` and executed with node. Blocks import `nova-sim` by name, which
// resolves to this package's build (dist/, which `npm ci` builds through `prepare`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const OUT = join(REPO, 'tmp', 'doc-blocks');

interface Block {
  readonly file: string;
  readonly line: number;
  readonly code: string;
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
    blocks.push({ file, line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

const docs = readdirSync(join(REPO, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);
const blocks = docs.flatMap(tsBlocks);

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: REPO, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${stdout}${stderr}`);
  }
}

describe('the ts blocks of docs/', { timeout: 120_000 }, () => {
  it('finds some', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(blocks.map((b) => [`${b.file}:${b.line}`, b] as const))(
    '%s type-checks with --strict and runs',
    (_, block) => {
      const dir = join(OUT, `${block.file.replace(/\W/g, '-')}-${block.line}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const source = join(dir, 'block.ts');
      // `export {}` makes every block a module, so top-level await works.
      writeFileSync(source, `${block.code}\nexport {};\n`);
      const options = ['--ignoreConfig', '--strict', '--module', 'nodenext', '--target', 'es2022'];
      run('node', [TSC, ...options, '--types', 'node', '--rootDir', dir, '--outDir', dir, source]);
      run('node', [join(dir, 'block.js')]);
    },
  );
});
