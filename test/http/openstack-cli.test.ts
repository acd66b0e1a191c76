// End to end: the real `openstack` CLI (Debian's python3-openstackclient) and openstacksdk
// against `startSimServer`. vitest.config.ts runs this file only with NOVA_SIM_E2E set
// (CI installs the CLI and sets it); then a missing CLI fails the run.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SimServer, startSimServer } from '../../src/http/server.js';
import { type CliSession, cliPython, cliSession, run } from '../support/openstack-cli.js';

const PYTHON = cliPython();
const SDK_SCRIPT = fileURLToPath(new URL('./fixtures/sdk-roundtrip.py', import.meta.url));

let server: SimServer;
let cli: CliSession;
const os = (args: string[], cloud = 'nova-sim') => cli.os(args, cloud);
const osJson = (args: string[], cloud = 'nova-sim') => cli.osJson(args, cloud);

let adminToken = '';

/** `GET /servers/{id}` as admin, straight from the API (faster than another CLI process). */
async function fetchServer(id: string) {
  const res = await fetch(`${server.endpoints.compute}/servers/${id}`, {
    headers: { 'x-auth-token': adminToken, 'openstack-api-version': 'compute 2.47' },
  });
  const body = (await res.json()) as {
    server: { status: string; flavor: { original_name: string } };
  };
  return { status: res.status, body };
}

async function statusOf(id: string): Promise<string> {
  return (await fetchServer(id)).body.server.status;
}

const STEP = 60_000;

describe('the openstack CLI against nova-sim serve', () => {
  let id = '';

  beforeAll(async () => {
    // OSC polls `--wait` every 5 s: at this speed every step is over before the first poll.
    server = await startSimServer({ port: 0, clock: 'realtime', speed: 20_000 });
    cli = cliSession(server);
    const admin = server.identity.directory.userByName('admin')!;
    adminToken = server.identity.tokens.issue({
      userId: admin.id,
      projectId: admin.defaultProjectId,
      methods: ['password'],
    }).id;
  });

  afterAll(async () => {
    await server?.close();
  });

  test('token issue', { timeout: STEP }, async () => {
    const token = await osJson(['token', 'issue']);
    const project = server.identity.directory.projectByName('demo')!;
    expect(token.project_id).toBe(project.id);
    expect(token.id).toMatch(/^gAAAAA/);
  });

  // Read-only probes, independent of each other: run side by side to save Python start-ups.
  test('flavor list, image list, and an error per resource', { timeout: STEP }, async () => {
    const [flavors, images, password, noServer, noFlavor, noImage, noNetwork] = await Promise.all([
      osJson(['flavor', 'list']),
      osJson(['image', 'list']),
      os(['--os-password', 'wrong', 'token', 'issue']),
      os(['server', 'show', 'no-such-server']),
      os(['flavor', 'show', 'm9.huge']),
      os(['image', 'show', 'no-such-image']),
      os(['network', 'show', 'no-such-net']),
    ]);
    expect(flavors.map((f: { Name: string }) => f.Name)).toContain('m1.tiny');
    expect(images.map((i: { Name: string }) => i.Name)).toContain('fakeimage7');
    expect(password.code).not.toBe(0);
    expect(password.stderr).toContain(
      'The request you have made requires authentication. (HTTP 401)',
    );
    expect(noServer.code).not.toBe(0);
    expect(noServer.stderr).toContain("No server with a name or ID of 'no-such-server' exists.");
    expect(noFlavor.stderr).toContain('No Flavor found for m9.huge');
    expect(noImage.stderr).toContain('No Image found for no-such-image');
    expect(noNetwork.stderr).toContain('No Network found for no-such-net');
  });

  test('server create --wait, by names', { timeout: STEP }, async () => {
    const created = await osJson([
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
    ]);
    expect(created.status).toBe('ACTIVE');
    expect(created.addresses).toEqual({ private: [expect.stringMatching(/^192\.168\.1\.\d+$/)] });
    id = created.id;
  });

  test('server list --status --name', { timeout: STEP }, async () => {
    const listed = await osJson(['server', 'list', '--status', 'ACTIVE', '--name', '^web-']);
    expect(listed.map((s: { ID: string }) => s.ID)).toEqual([id]);
  });

  test('server show', { timeout: STEP }, async () => {
    const shown = await osJson(['server', 'show', 'web-1']);
    expect(shown).toMatchObject({ id, name: 'web-1', status: 'ACTIVE', flavor: 'm1.tiny (1)' });
    expect(shown.image).toBe('fakeimage7 (70a599e0-31e7-49b7-b260-868f441e862b)');
  });

  test('server reboot --hard --wait', { timeout: STEP }, async () => {
    const result = await os(['server', 'reboot', '--hard', '--wait', id]);
    expect(result.code).toBe(0);
    expect(await statusOf(id)).toBe('ACTIVE');
  });

  test('server stop and start', { timeout: STEP }, async () => {
    expect((await os(['server', 'stop', id])).code).toBe(0);
    expect(await statusOf(id)).toBe('SHUTOFF');
    expect((await os(['server', 'start', id])).code).toBe(0);
    expect(await statusOf(id)).toBe('ACTIVE');
  });

  test('server resize --wait, then confirm', { timeout: STEP }, async () => {
    expect((await os(['server', 'resize', '--flavor', 'm1.small', '--wait', id])).code).toBe(0);
    expect(await statusOf(id)).toBe('VERIFY_RESIZE');
    expect((await os(['server', 'resize', 'confirm', id])).code).toBe(0);
    expect(await statusOf(id)).toBe('ACTIVE');
    expect((await fetchServer(id)).body.server.flavor.original_name).toBe('m1.small');
  });

  test('server pause and unpause', { timeout: STEP }, async () => {
    expect((await os(['server', 'pause', id])).code).toBe(0);
    expect(await statusOf(id)).toBe('PAUSED');
    expect((await os(['server', 'unpause', id])).code).toBe(0);
    expect(await statusOf(id)).toBe('ACTIVE');
  });

  test('server rescue and unrescue', { timeout: STEP }, async () => {
    expect((await os(['server', 'rescue', id])).code).toBe(0);
    expect(await statusOf(id)).toBe('RESCUE');
    expect((await os(['server', 'unrescue', id])).code).toBe(0);
    expect(await statusOf(id)).toBe('ACTIVE');
  });

  test('server lock: a member cannot delete it', { timeout: STEP }, async () => {
    expect((await os(['server', 'lock', id])).code).toBe(0);
    const refused = await os(['server', 'delete', id]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`Instance ${id} is locked (HTTP 409)`);
    expect(await statusOf(id)).toBe('ACTIVE');
    expect((await os(['server', 'unlock', id])).code).toBe(0);
  });

  test('server delete --wait', { timeout: STEP }, async () => {
    const result = await os(['server', 'delete', '--wait', id]);
    expect(result.code).toBe(0);
    expect((await fetchServer(id)).status).toBe(404);
  });

  test('openstacksdk: create_server(wait), wait_for_server, delete_server(wait)', {
    timeout: STEP,
  }, async () => {
    const result = await run(PYTHON, [SDK_SCRIPT, 'nova-sim'], cli.env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      created: 'ACTIVE',
      status: 'ACTIVE',
      addresses: ['private'],
      deleted: true,
      gone: true,
    });
  });
});
