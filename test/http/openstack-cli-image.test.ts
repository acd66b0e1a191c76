// End to end: the real `openstack` CLI's image commands against Glance in `startSimServer`.
// vitest.config.ts runs this file only with NOVA_SIM_E2E set (CI installs the CLI).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SimServer, startSimServer } from '../../src/http/server.js';
import { type CliSession, cliSession } from '../support/openstack-cli.js';

const STEP = 60_000;

let server: SimServer;
let cli: CliSession;
const os = (args: string[]) => cli.os(args);
const osJson = (args: string[], cloud?: string) => cli.osJson(args, cloud);

describe('openstack image commands against Glance', () => {
  beforeAll(async () => {
    // Fast enough that an upload's saving step is over before the next command starts.
    server = await startSimServer({ port: 0, clock: 'realtime', speed: 20_000 });
    cli = cliSession(server);
  });

  afterAll(async () => {
    await server?.close();
  });

  test('image create --file, set --property, show, list, save, delete', {
    timeout: 5 * STEP,
  }, async () => {
    const disk = join(cli.dir, 'disk.img');
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
    const out = join(cli.dir, 'out.img');
    expect((await os(['image', 'save', '--file', out, 'e2e-img'])).code).toBe(0);
    expect(readFileSync(out).equals(readFileSync(disk))).toBe(true);
    expect((await os(['image', 'delete', 'e2e-img'])).code).toBe(0);
    const gone = await os(['image', 'show', 'e2e-img']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('No Image found for e2e-img');
  });

  test('image add project, member list, set --accept: a member sees and lists the image', {
    timeout: 5 * STEP,
  }, async () => {
    const admin = 'nova-sim-admin';
    const disk = join(cli.dir, 'shared.img');
    writeFileSync(disk, Buffer.from([1, 2, 3, 4]));
    const created = await osJson(
      [
        'image',
        'create',
        '--file',
        disk,
        '--disk-format',
        'raw',
        '--container-format',
        'bare',
        'e2e-shared',
      ],
      admin,
    );
    expect(created.visibility).toBe('shared');
    const before = await osJson(['image', 'list']);
    expect(before.map((i: { ID: string }) => i.ID)).not.toContain(created.id);
    const added = await osJson(['image', 'add', 'project', created.id, 'demo'], admin);
    expect(added).toMatchObject({ image_id: created.id, status: 'pending' });
    const members = await osJson(['image', 'member', 'list', created.id], admin);
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ 'Image ID': created.id, Status: 'pending' });
    await cli.osOk(['image', 'set', '--accept', created.id]);
    const after = await osJson(['image', 'list']);
    expect(after.map((i: { ID: string }) => i.ID)).toContain(created.id);
    await cli.osOk(['image', 'remove', 'project', created.id, 'demo'], admin);
    const gone = await osJson(['image', 'list']);
    expect(gone.map((i: { ID: string }) => i.ID)).not.toContain(created.id);
  });
});
