// End to end: the real `openstack` CLI's image commands against Glance in `startSimServer`.
// vitest.config.ts runs this file only with NOVA_SIM_E2E set (CI installs the CLI).
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cloudsYaml } from '../../src/http/banner.js';
import { type SimServer, startSimServer } from '../../src/http/server.js';

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

const OPENSTACK = findOnPath('openstack');
const STEP = 60_000;

let server: SimServer;
let env: NodeJS.ProcessEnv;
let dir = '';

function os(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      OPENSTACK!,
      ['--os-cloud', 'nova-sim', ...args],
      { env, timeout: STEP },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

async function osJson(args: string[]) {
  const result = await os([...args, '-f', 'json']);
  expect(result.stderr).not.toMatch(/error|HTTP \d/i);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

describe('openstack image commands against Glance', () => {
  beforeAll(async () => {
    if (!OPENSTACK)
      throw new Error('`openstack` is not on PATH: apt-get install python3-openstackclient');
    // Fast enough that an upload's saving step is over before the next command starts.
    server = await startSimServer({ port: 0, clock: 'realtime', speed: 20_000 });
    dir = mkdtempSync(join(tmpdir(), 'nova-sim-image-e2e-'));
    const file = join(dir, 'clouds.yaml');
    writeFileSync(file, cloudsYaml(server.endpoints, server.identity.directory));
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OS_')));
    env.OS_CLIENT_CONFIG_FILE = file;
    env.HOME = dir;
  });

  afterAll(async () => {
    await server?.close();
  });

  test('image create --file, set --property, show, list, save, delete', {
    timeout: 5 * STEP,
  }, async () => {
    const disk = join(dir, 'disk.img');
    // Every byte value: the upload must reach Glance as bytes, not as UTF-8 text.
    writeFileSync(disk, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256)));
    const created = await osJson([
      'image',
      'create',
      '--file',
      disk,
      '--disk-format',
      'raw',
      '--container-format',
      'bare',
      'e2e-img',
    ]);
    expect(created.name).toBe('e2e-img');
    const set = await os([
      'image',
      'set',
      '--property',
      'os_distro=cirros',
      '--tag',
      'gold',
      'e2e-img',
    ]);
    expect(set.code).toBe(0);
    const shown = await osJson(['image', 'show', 'e2e-img']);
    expect(shown).toMatchObject({ status: 'active', size: 4096, tags: ['gold'] });
    expect(shown.properties.os_distro).toBe('cirros');
    const listed = await osJson(['image', 'list']);
    expect(listed.map((i: { Name: string }) => i.Name)).toContain('e2e-img');
    const out = join(dir, 'out.img');
    expect((await os(['image', 'save', '--file', out, 'e2e-img'])).code).toBe(0);
    expect(readFileSync(out).equals(readFileSync(disk))).toBe(true);
    expect((await os(['image', 'delete', 'e2e-img'])).code).toBe(0);
    const gone = await os(['image', 'show', 'e2e-img']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('No Image found for e2e-img');
  });
});
