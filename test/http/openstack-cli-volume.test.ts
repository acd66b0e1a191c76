// End to end: the real `openstack` CLI's volume commands (python-cinderclient underneath)
// against `startSimServer`. Gated like openstack-cli.test.ts: vitest.config.ts runs it only
// with NOVA_SIM_E2E set.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SimServer, startSimServer } from '../../src/http/server.js';
import { type CliSession, cliSession } from '../support/openstack-cli.js';

// Each CLI call starts Python: seconds apiece on a loaded machine.
const STEP = 180_000;
let server: SimServer;
let cli: CliSession;
const os = (args: string[]) => cli.os(args);
const osJson = (args: string[]) => cli.osJson(args);

let token = '';

/** A volume's status straight from the API (faster than another CLI process). */
async function statusOf(name: string): Promise<string> {
  const project = server.identity.directory.projectByName('demo')!.id;
  const res = await fetch(`${server.endpoints.volume}/v3/${project}/volumes/detail?name=${name}`, {
    headers: { 'x-auth-token': token },
  });
  const body = (await res.json()) as { volumes: { status: string }[] };
  return body.volumes[0]?.status ?? 'gone';
}

/** The clock runs at 20,000×: a few wall milliseconds cover any step. */
async function waitStatus(name: string, status: string): Promise<string> {
  let last = '';
  for (let i = 0; i < 40; i++) {
    last = await statusOf(name);
    if (last === status) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  return last;
}

describe('the openstack CLI: volumes', () => {
  beforeAll(async () => {
    server = await startSimServer({ port: 0, clock: 'realtime', speed: 20_000 });
    cli = cliSession(server);
    const demo = server.identity.directory.userByName('demo')!;
    token = server.identity.tokens.issue({
      userId: demo.id,
      projectId: server.identity.directory.projectByName('demo')!.id,
      methods: ['password'],
    }).id;
  });

  afterAll(async () => {
    await server?.close();
  });

  test('volume create --size 1, list, show', { timeout: STEP }, async () => {
    const created = await osJson(['volume', 'create', '--size', '1', 'vol-1']);
    expect(created).toMatchObject({ name: 'vol-1', size: 1 });
    expect(await waitStatus('vol-1', 'available')).toBe('available');
    const [listed, shown] = await Promise.all([
      osJson(['volume', 'list']),
      osJson(['volume', 'show', 'vol-1']),
    ]);
    expect(listed.map((v: { Name: string }) => v.Name)).toEqual(['vol-1']);
    expect(shown).toMatchObject({ name: 'vol-1', status: 'available', type: 'lvmdriver-1' });
  });

  test('server add volume and server remove volume', { timeout: STEP }, async () => {
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
      'vm-1',
    ]);
    expect(created.status).toBe('ACTIVE');
    const added = await os(['server', 'add', 'volume', 'vm-1', 'vol-1']);
    expect(added.stderr.trim()).toBe('');
    expect(added.code).toBe(0);
    expect(await waitStatus('vol-1', 'in-use')).toBe('in-use');
    const removed = await os(['server', 'remove', 'volume', 'vm-1', 'vol-1']);
    expect(removed.stderr.trim()).toBe('');
    expect(await waitStatus('vol-1', 'available')).toBe('available');
  });

  test('volume delete, and an unknown volume', { timeout: STEP }, async () => {
    expect((await os(['volume', 'delete', 'vol-1'])).code).toBe(0);
    const missing = await os(['volume', 'show', 'no-such-volume']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('No volume with a name or ID of');
  });
});
