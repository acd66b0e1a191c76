// End to end: Keystone's admin API through the real `openstack` CLI (Debian's
// python3-openstackclient) against `startSimServer`. vitest.config.ts runs this file only
// with NOVA_SIM_E2E set (CI installs the CLI and sets it); then a missing CLI fails the run.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, writeFileSync } from 'node:fs';
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

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let server: SimServer;
let env: NodeJS.ProcessEnv;

/** `openstack --os-cloud <cloud> ...args`; a null cloud takes the credentials from args. */
function os(args: string[], cloud: string | null = 'nova-sim-admin'): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      OPENSTACK!,
      [...(cloud === null ? [] : ['--os-cloud', cloud]), ...args],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function osJson(args: string[], cloud?: string | null) {
  const result = await os([...args, '-f', 'json'], cloud);
  expect(result.stderr.trim()).not.toMatch(/error|HTTP \d/i);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

async function osOk(args: string[], cloud?: string) {
  const result = await os(args, cloud);
  expect(result.stderr.trim()).toBe('');
  expect(result.code).toBe(0);
}

describe('openstack project/user/role commands against nova-sim serve', () => {
  beforeAll(async () => {
    if (!OPENSTACK)
      throw new Error('`openstack` is not on PATH: apt-get install python3-openstackclient');
    server = await startSimServer({ port: 0, clock: 'manual' });
    const dir = mkdtempSync(join(tmpdir(), 'nova-sim-e2e-identity-'));
    const file = join(dir, 'clouds.yaml');
    writeFileSync(file, cloudsYaml(server.endpoints, server.identity.directory));
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OS_')));
    env.OS_CLIENT_CONFIG_FILE = file;
    env.HOME = dir;
  });

  afterAll(async () => {
    await server?.close();
  });

  test('project create, user create, role add, role assignment list, user and project delete', {
    timeout: 4 * STEP,
  }, async () => {
    const project = await osJson(['project', 'create', '--description', 'e2e', 'e2e-project']);
    expect(project).toMatchObject({
      name: 'e2e-project',
      description: 'e2e',
      domain_id: 'default',
      enabled: true,
    });
    expect(project.id).toMatch(/^[0-9a-f]{32}$/);

    const duplicate = await os(['project', 'create', 'e2e-project']);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain('409');

    const user = await osJson([
      'user',
      'create',
      '--password',
      's3cret',
      '--project',
      'e2e-project',
      '--email',
      'e2e@example.org',
      'e2e-user',
    ]);
    expect(user).toMatchObject({
      name: 'e2e-user',
      default_project_id: project.id,
      email: 'e2e@example.org',
    });

    await osOk(['role', 'add', '--project', 'e2e-project', '--user', 'e2e-user', 'member']);

    const assignments = await osJson([
      'role',
      'assignment',
      'list',
      '--project',
      'e2e-project',
      '--names',
    ]);
    expect(assignments).toEqual([
      expect.objectContaining({
        Role: 'member',
        User: 'e2e-user@Default',
        Project: 'e2e-project@Default',
      }),
    ]);

    // The new user can get a token on its project (OSC lets flags override a clouds.yaml
    // user but not its project, so this one names everything).
    const token = await osJson(
      [
        ...['--os-auth-url', server.endpoints.identity, '--os-identity-api-version', '3'],
        ...['--os-user-domain-name', 'Default', '--os-project-domain-name', 'Default'],
        ...['--os-username', 'e2e-user', '--os-password', 's3cret'],
        ...['--os-project-name', 'e2e-project', 'token', 'issue'],
      ],
      null,
    );
    expect(token.project_id).toBe(project.id);

    // A member may not administer.
    const refused = await os(['project', 'create', 'nope'], 'nova-sim');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('403');

    await osOk(['user', 'delete', 'e2e-user']);
    await osOk(['project', 'delete', 'e2e-project']);
    const list = await osJson(['project', 'list']);
    expect(list.map((p: { Name: string }) => p.Name).sort()).toEqual(['admin', 'demo', 'service']);
  });
});
