import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.js';
import type { CliIo } from '../../src/cli/io.js';
import { tempDir } from '../support/temp-dir.js';
import { ROOT } from './files.js';

function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stderrIsTTY: false,
    color: false,
  };
  const code = main(argv, io);
  return { code, stdout, stderr };
}

const dir = tempDir('cli');
const TOUR = join(ROOT, 'scenarios/tour.json');
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function scenarioFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const failing = scenarioFile('failing.json', {
  microversion: '2.latest',
  steps: [
    {
      request: {
        method: 'POST',
        path: '/v2.1/servers',
        body: { server: { name: 'web-1', imageRef: IMAGE, flavorRef: '1', networks: 'auto' } },
      },
      save: { web: '/server/id' },
    },
    { until: { server: '${web}', status: 'ACTIVE' } },
    { expect: { server: '${web}', status: 'SHUTOFF' } },
    { note: 'not reached' },
  ],
});

describe('nova-sim (in-process)', { timeout: 30_000 }, () => {
  it('prints help for the tool and every command, exit 0', () => {
    for (const argv of [
      ['--help'],
      ['help'],
      ['help', 'replay'],
      ['replay', '--help'],
      ['diagram', '-h'],
      ['schema', '--help'],
    ]) {
      const { code, stdout } = run(argv);
      expect(code, argv.join(' ')).toBe(0);
      expect(stdout, argv.join(' ')).toMatch(/^(nova-sim|Usage: nova-sim)/);
    }
    expect(run(['replay', '--help']).stdout).toContain('--report FILE');
  });

  it('exits 2 with a clear message for bad usage', () => {
    const cases: [string[], RegExp][] = [
      [[], /Usage:/],
      [['frobnicate'], /nova-sim: unknown command frobnicate/],
      [['--verbose'], /nova-sim: unknown option --verbose/],
      [['replay'], /nova-sim replay: no scenario file given/],
      [['replay', TOUR, '--bogus'], /nova-sim replay: unknown option --bogus/],
      [['replay', TOUR, '--seed'], /nova-sim replay: --seed needs a value/],
      [['replay', TOUR, '--quiet=yes'], /nova-sim replay: --quiet takes no value/],
      [['replay', join(dir, 'missing.json')], /nova-sim replay: no such file: .*missing\.json/],
      [['diagram', '--format', 'png'], /--format must be mermaid or dot, not png/],
      [['schema', 'extra'], /unexpected argument extra/],
      [['help', 'nope'], /unknown command nope/],
    ];
    for (const [argv, message] of cases) {
      const { code, stderr } = run(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr, argv.join(' ')).toMatch(message);
    }
  });

  it('exits 2 for an invalid scenario, naming file, step and pointer, and runs nothing', () => {
    const bad = scenarioFile('bad.json', { steps: [{ advance: 'later' }] });
    const notJson = scenarioFile('not-json.json', '{ steps: ');
    const { code, stdout, stderr } = run(['replay', TOUR, bad, notJson]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${bad}: step 0 (/steps/0/advance): must be a number of ms`);
    expect(stderr).toContain(`${notJson}: (/): not JSON`);
    expect(stderr).toContain('nothing ran');
  });

  it('prints the timeline of a passing run, exit 0', () => {
    const { code, stdout } = run(['replay', TOUR]);
    expect(code).toBe(0);
    expect(stdout).toContain('▶ ');
    expect(stdout).toMatch(/\+00:00:00\.000 {2}\[1\] POST \/v2\.1\/servers → 202 \(member\)/);
    expect(stdout).toMatch(/\+00:00:06\.500 {2}web-1: BUILD → ACTIVE on compute-\d/);
    expect(stdout).toContain('POST /v2.1/servers/‹web-1›/action reboot → 409');
    expect(stdout).toMatch(/✓ .*tour\.json: 32 steps, 1m 33\.5s virtual/);
  });

  it('prints expected and found with the step index on a failure, exit 1', () => {
    const { code, stdout } = run(['replay', failing]);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ step 2 failed: server web-1 status');
    expect(stdout).toMatch(/at: {7}\/steps\/2\/expect\/status/);
    expect(stdout).toMatch(/expected: "SHUTOFF"/);
    expect(stdout).toMatch(/found: {4}ACTIVE/);
    expect(stdout).not.toContain('not reached');
    expect(stdout).toMatch(/✗ .*failing\.json: failed at step 2 \(expect\)/);
  });

  it('is quiet with --quiet and machine-readable with --json', () => {
    const quiet = run(['replay', '-q', TOUR, failing]);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toContain('POST');
    expect(quiet.stdout).toContain('failing.json: step 2 failed');
    expect(quiet.stdout).toContain('1 of 2 scenarios passed');

    const json = run(['replay', '--json', TOUR, failing]);
    expect(json.code).toBe(1);
    const summary = JSON.parse(json.stdout) as {
      ok: boolean;
      files: { ok: boolean; failures: unknown[] }[];
    };
    expect(summary.ok).toBe(false);
    expect(summary.files.map((f) => f.ok)).toEqual([true, false]);
    expect(summary.files[1]?.failures).toMatchObject([
      { step: 2, pointer: '/steps/2/expect/status', found: 'ACTIVE' },
    ]);
  });

  it('replays a directory, and --seed changes the run', () => {
    const { code, stdout } = run(['replay', '-q', join(ROOT, 'scenarios/statuses')]);
    expect(code).toBe(0);
    expect(stdout).toContain('20 of 20 scenarios passed');
    const seeded = run(['replay', '--json', '--seed', '99', TOUR]);
    expect(JSON.parse(seeded.stdout).files[0].seed).toBe(99);
  });

  it('writes byte-identical traces for the same file and seed', () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    const c = join(dir, 'c.jsonl');
    expect(run(['replay', '-q', TOUR, '--trace', a]).code).toBe(0);
    expect(run(['replay', '-q', TOUR, '--trace', b]).code).toBe(0);
    expect(run(['replay', '-q', TOUR, '--trace', c, '--seed', '5']).code).toBe(0);
    const first = readFileSync(a);
    expect(readFileSync(b).equals(first)).toBe(true);
    expect(readFileSync(c).equals(first)).toBe(false);
    const lines = first
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ type: 'scenario', seed: 42 });
    const types = new Set(lines.map((line) => line.type));
    for (const type of [
      'request',
      'server.created',
      'server.status',
      'server.step',
      'claim',
      'release',
      'host',
      'end',
    ]) {
      expect(types, type).toContain(type);
    }
  });

  it('writes an HTML report with --report', () => {
    const path = join(dir, 'report.html');
    expect(run(['replay', '-q', TOUR, failing, '--report', path]).code).toBe(1);
    const html = readFileSync(path, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('1 passed, 1 failed');
  });

  it('shows progress on a terminal, and clears it', () => {
    let stderr = '';
    let stdout = '';
    const code = main(['replay', TOUR], {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      stderrIsTTY: true,
      color: true,
    });
    expect(code).toBe(0);
    const ESC = String.fromCharCode(27);
    expect(stderr).toContain(`\r${ESC}[K[1/1] `);
    expect(stderr).toMatch(/tour\.json step \d+\/32 at \+00:/);
    expect(stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(stdout).toContain('\u001b[32m✓\u001b[0m');
  });

  it('prints the diagram and the schema', () => {
    expect(run(['diagram']).stdout).toMatch(
      /^%% Generated by `nova-sim diagram`.*\nstateDiagram-v2\n/,
    );
    expect(run(['diagram', '--format', 'dot']).stdout).toMatch(/^\/\/ .*\ndigraph server \{/);
    expect(JSON.parse(run(['schema']).stdout).$id).toBe('urn:nova-sim:scenario');
  });
});

describe('nova-sim (the built executable)', () => {
  const bin = join(ROOT, 'dist/cli/main.js');

  it('starts with a node shebang', () => {
    expect(readFileSync(join(ROOT, 'src/cli/main.ts'), 'utf8')).toMatch(
      /^#!\/usr\/bin\/env node\n/,
    );
  });

  // Runs after `npm run build` (as CI does); skipped when there is no build.
  it.skipIf(!existsSync(bin))(
    'exits with the codes main returns',
    () => {
      const spawn = (args: string[]) =>
        spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
      expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node/);
      expect(spawn(['--help']).status).toBe(0);
      expect(spawn(['replay', '--nope']).status).toBe(2);
      const failed = spawn(['replay', '-q', failing]);
      expect(failed.status).toBe(1);
      expect(failed.stdout).toContain('step 2 failed');
    },
    30_000,
  );
});
