// The README's walk, verbatim, with a clean HOME: `nova-sim serve --write-clouds-yaml`,
// then `export OS_CLOUD=nova-sim` and the real `openstack` CLI, which finds the cloud in
// ~/.config/openstack/clouds.yaml. vitest.config.ts runs this file with NOVA_SIM_E2E.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveCommand } from '../../src/http/serve-command.js';

const home = mkdtempSync(join(tmpdir(), 'nova-sim-home-'));
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
