// End to end: Keystone's admin API through the real `openstack` CLI (Debian's
// python3-openstackclient) against `startSimServer`. vitest.config.ts runs this file only
// with NOVA_SIM_E2E set (CI installs the CLI and sets it); then a missing CLI fails the run.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SimServer, startSimServer } from '../../src/http/server.js';
import { type CliSession, cliSession } from '../support/openstack-cli.js';

const STEP = 60_000;

let server: SimServer;
let cli: CliSession;
const os = (args: string[], cloud: string | null = 'nova-sim-admin') => cli.os(args, cloud);
const osJson = (args: string[], cloud: string | null = 'nova-sim-admin') => cli.osJson(args, cloud);
const osOk = (args: string[], cloud = 'nova-sim-admin') => cli.osOk(args, cloud);

describe('openstack project/user/role commands against nova-sim serve', () => {
  beforeAll(async () => {
    server = await startSimServer({ port: 0, clock: 'manual' });
    cli = cliSession(server);
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
