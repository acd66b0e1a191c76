// The walk of docs/serve.md, verbatim, with a clean HOME: `nova-sim serve
// --write-clouds-yaml`, then the guide's `export OS_CLOUD=nova-sim` and `openstack` lines,
// run as written by the real CLI, which finds the cloud in ~/.config/openstack/clouds.yaml.
// vitest.config.ts runs this file with NOVA_SIM_E2E.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveCommand } from '../../src/http/serve-command.js';
import { tempDir } from '../support/temp-dir.js';

/** The guide's walk: the lines of the ```sh block that sets OS_CLOUD. */
function walkLines(): string[] {
  const guide = readFileSync(new URL('../../docs/serve.md', import.meta.url), 'utf8');
  const block = /```sh\n(export OS_CLOUD=nova-sim\n[\s\S]*?)```/.exec(guide);
  if (!block) throw new Error('docs/serve.md has no walk that starts with export OS_CLOUD');
  return block[1]!.split('\n').filter((line) => line.trim() !== '');
}

const home = tempDir('home');
const stop = new AbortController();
let served: Promise<number>;
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OS_'))),
  HOME: home,
  OS_CLOUD: 'nova-sim',
};

function openstack(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('openstack', args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) || 1 : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  const saved = process.env.HOME;
  process.env.HOME = home;
  try {
    await new Promise<void>((ready) => {
      served = serveCommand(
        // OSC polls `--wait` every 5 s: at this speed the build is over by the first poll.
        ['--port', '0', '--speed', '20000', '--write-clouds-yaml'],
        { stdout: { write: () => true }, stderr: { write: () => true } },
        { signal: stop.signal, onReady: () => ready() },
      );
    });
  } finally {
    process.env.HOME = saved;
  }
});

afterAll(async () => {
  stop.abort();
  await served;
});

describe('the walk of docs/serve.md, line by line, with a clean HOME', { timeout: 600_000 }, () => {
  test('every line does what the guide says', async () => {
    const lines = walkLines();
    expect(lines[0]).toBe('export OS_CLOUD=nova-sim');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines.slice(1)) {
      // `# … (HTTP 409)` says the line is refused with that code; others must succeed.
      const [command = '', comment = ''] = line.split('#');
      const refused = /\(HTTP (\d{3})\)/.exec(comment)?.[1];
      const [program, ...args] = command.trim().split(/\s+/);
      expect(program, line).toBe('openstack');
      const result = await openstack(args);
      if (refused) {
        expect(result.code, line).not.toBe(0);
        expect(result.stderr, line).toContain(`(HTTP ${refused})`);
      } else {
        expect({ line, code: result.code, stderr: result.stderr }).toEqual({
          line,
          code: 0,
          stderr: '',
        });
      }
    }
  });
});

describe('the README walk with a clean HOME', { timeout: 120_000 }, () => {
  test('serve wrote ~/.config/openstack/clouds.yaml', () => {
    expect(existsSync(join(home, '.config', 'openstack', 'clouds.yaml'))).toBe(true);
  });

  test('openstack token issue, server create --wait, server list', async () => {
    const token = await openstack(['token', 'issue', '-f', 'json']);
    expect(token.stderr).toBe('');
    expect(JSON.parse(token.stdout).id).toMatch(/^gAAAAA/);

    const created = await openstack([
      'server',
      'create',
      '--image',
      'fakeimage7',
      '--flavor',
      'm1.tiny',
      '--network',
      'private',
      '--wait',
      'web-1',
      '-f',
      'json',
    ]);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).status).toBe('ACTIVE');

    const listed = await openstack(['server', 'list', '-f', 'json']);
    expect(JSON.parse(listed.stdout).map((s: { Name: string; Status: string }) => s)).toEqual([
      expect.objectContaining({ Name: 'web-1', Status: 'ACTIVE' }),
    ]);
  });
});
