// The package as a user gets it: `npm pack`, then the tarball installed into a new project
// outside the repo, both entry points imported, the bin run, a file type-checked with
// `tsc --strict`. Slow (a build and an install): vitest.config.ts runs it with NOVA_SIM_E2E.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const ours = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};

let work: string;
let project: string;

/** Runs a command; a failure carries its output, so that a type error reads in the log. */
function sh(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout}${stderr}`);
  }
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nova-sim-pack-'));
  project = join(work, 'app');
  sh('npm', ['pack', '--silent', '--pack-destination', work], REPO);
  sh('mkdir', ['-p', project], work);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'app', private: true, type: 'module' }),
  );
  // From the local cache where it can: the dependencies are the repo's own.
  sh(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      join(work, `nova-sim-${ours.version}.tgz`),
      `fast-check@${ours.devDependencies['fast-check']}`,
      `@types/node@${ours.devDependencies['@types/node']}`,
    ],
    project,
  );
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball, installed in a new project', { timeout: 120_000 }, () => {
  test('ships the build, not the sources or the tests', () => {
    const listing = sh('tar', ['-tzf', join(work, `nova-sim-${ours.version}.tgz`)], work);
    expect(listing).toMatch(/^package\/dist\/index\.js$/m);
    expect(listing).toMatch(/^package\/dist\/index\.d\.ts$/m);
    expect(listing).toMatch(/^package\/dist\/testing\/index\.js$/m);
    expect(listing).toMatch(/^package\/LICENSE$/m);
    expect(listing).not.toMatch(/^package\/(src|test)\//m);
    expect(listing).not.toMatch(/\.map$/m);
  });

  test('imports both entry points and runs a cloud', () => {
    writeFileSync(
      join(project, 'check.mjs'),
      [
        "import { createCloud } from 'nova-sim';",
        "import * as testing from 'nova-sim/testing';",
        "import { interceptCloud } from 'nova-sim/intercept';",
        'const cloud = createCloud({ seed: 1 });',
        "const r = cloud.request({ method: 'GET', path: '/v2.1/flavors' });",
        'const sim = interceptCloud(cloud);',
        'const v = await fetch(sim.authUrl + "/v3");',
        'sim.restore();',
        'console.log(r.status, typeof testing.cloudCommands, v.status);',
      ].join('\n'),
    );
    expect(sh('node', ['check.mjs'], project).trim()).toBe('200 function 200');
  });

  test('the bin runs', () => {
    const out = sh(join(project, 'node_modules', '.bin', 'nova-sim'), ['--version'], project);
    expect(out.trim()).toBe(ours.version);
  });

  test('a file using both entry points type-checks with --strict', () => {
    writeFileSync(
      join(project, 'check.ts'),
      [
        "import { createCloud, type Cloud } from 'nova-sim';",
        "import { cloudCommands } from 'nova-sim/testing';",
        "import { interceptCloud } from 'nova-sim/intercept';",
        'const cloud: Cloud = createCloud({ seed: 1, hosts: { count: 2 } });',
        "const status: number = cloud.request({ method: 'GET', path: '/v2.1/servers' }).status;",
        'const authUrl: string = interceptCloud(cloud).authUrl;',
        'export { authUrl, cloudCommands, status };',
      ].join('\n'),
    );
    const args = ['--strict', '--noEmit', '--module', 'nodenext', '--target', 'es2022'];
    expect(sh('node', [TSC, ...args, 'check.ts'], project)).toBe('');
  });
});
