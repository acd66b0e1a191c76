import { describe, expect, it } from 'vitest';
import { createServerSchema } from '../../../src/api/validation/schemas/index.js';
import { SERVER_SCHEMA_BUILDERS } from '../../../src/api/validation/schemas/servers.js';
import { allVersions, NAME_MESSAGE, rejection, v } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const NET = '3cb9bc59-5699-4588-a4b1-b87f96708bc6';

/** A minimal valid create body at a version, plus `extra` fields in `server`. */
function create(version: string, extra: Record<string, unknown> = {}): unknown {
  const networks = v(version).atLeast('2.37') ? { networks: 'auto' } : {};
  return { server: { name: 'vm', flavorRef: '1', imageRef: IMAGE, ...networks, ...extra } };
}

const createAt = (version: string) => createServerSchema(v(version));

describe('createServerSchema', () => {
  it('each version gets the schema its gate builds, as the same object', () => {
    for (const version of allVersions()) {
      const schema = createServerSchema(version);
      expect(schema, `${version}`).toEqual(SERVER_SCHEMA_BUILDERS.create(version));
      expect(createServerSchema(version)).toBe(schema);
    }
  });

  it('accepts a minimal body', () => {
    expect(rejection(createAt('2.1'), create('2.1'))).toBeUndefined();
    expect(rejection(createAt('2.104'), create('2.104'))).toBeUndefined();
  });

  it("reports a missing 'server' at the top of the document", () => {
    expect(rejection(createAt('2.1'), {})).toBe("'server' is a required property");
  });

  it('rejects unknown properties at the top and inside server', () => {
    expect(rejection(createAt('2.1'), { ...(create('2.1') as object), foo: 1 })).toBe(
      "Additional properties are not allowed ('foo' was unexpected)",
    );
    expect(rejection(createAt('2.1'), create('2.1', { foo: 1 }))).toMatch(
      /^Invalid input for field\/attribute server\. .*Additional properties are not allowed \('foo' was unexpected\)$/,
    );
  });

  it('rejects names with leading or trailing whitespace, and empty names', () => {
    expect(rejection(createAt('2.1'), create('2.1', { name: ' vm' }))).toBe(NAME_MESSAGE);
    expect(rejection(createAt('2.1'), create('2.1', { name: 'vm\t' }))).toBe(NAME_MESSAGE);
    expect(rejection(createAt('2.1'), create('2.1', { name: '' }))).toMatch(/should be non-empty$/);
    expect(rejection(createAt('2.1'), create('2.1', { name: 'a b' }))).toBeUndefined();
    expect(rejection(createAt('2.1'), create('2.1', { key_name: ' k' }))).toBe(NAME_MESSAGE);
  });

  it('requires networks from 2.37, as a list of uuids or "auto"/"none"', () => {
    const bare = { server: { name: 'vm', flavorRef: '1', imageRef: IMAGE } };
    expect(rejection(createAt('2.36'), bare)).toBeUndefined();
    expect(rejection(createAt('2.37'), bare)).toMatch(
      /^Invalid input for field\/attribute server\. .*'networks' is a required property$/,
    );
    expect(rejection(createAt('2.37'), create('2.37', { networks: 'none' }))).toBeUndefined();
    expect(rejection(createAt('2.37'), create('2.37', { networks: 'foo' }))).toBeDefined();
    expect(
      rejection(createAt('2.37'), create('2.37', { networks: [{ uuid: 'x' }] })),
    ).toBeDefined();
    expect(
      rejection(createAt('2.36'), create('2.36', { networks: [{ uuid: 'x' }] })),
    ).toBeUndefined();
    expect(rejection(createAt('2.36'), create('2.36', { networks: 'auto' }))).toBeDefined();
  });

  it('takes network tags at 2.32–2.36 and 2.42+, BDM tags at 2.32 and 2.42+', () => {
    const nic = (version: string) => create(version, { networks: [{ uuid: NET, tag: 'nic1' }] });
    const disk = (version: string) =>
      create(version, {
        block_device_mapping_v2: [{ uuid: IMAGE, source_type: 'image', boot_index: 0, tag: 'd' }],
      });
    const accepted = (schema: string, body: unknown) =>
      rejection(createAt(schema), body) === undefined;
    expect(
      ['2.31', '2.32', '2.33', '2.36', '2.37', '2.41', '2.42'].map((x) => accepted(x, nic(x))),
    ).toEqual([false, true, true, true, false, false, true]);
    expect(['2.31', '2.32', '2.33', '2.41', '2.42'].map((x) => accepted(x, disk(x)))).toEqual([
      false,
      true,
      false,
      false,
      true,
    ]);
  });

  it('rejects personality from 2.57', () => {
    const personality = [{ path: '/etc/motd', contents: 'aGk=' }];
    expect(rejection(createAt('2.56'), create('2.56', { personality }))).toBeUndefined();
    expect(rejection(createAt('2.57'), create('2.57', { personality }))).toMatch(
      /Additional properties are not allowed \('personality' was unexpected\)$/,
    );
  });

  it('takes tags from 2.52: at most 50, each 1–60 characters without , or /', () => {
    expect(rejection(createAt('2.51'), create('2.51', { tags: ['a'] }))).toMatch(
      /\('tags' was unexpected\)$/,
    );
    expect(rejection(createAt('2.52'), create('2.52', { tags: ['a', 'b'] }))).toBeUndefined();
    const many = Array.from({ length: 51 }, (_, i) => `t${i}`);
    expect(rejection(createAt('2.52'), create('2.52', { tags: many }))).toMatch(/is too long$/);
    expect(rejection(createAt('2.52'), create('2.52', { tags: ['a,b'] }))).toMatch(
      /^Invalid input for field\/attribute 0\. Value: .*does not match/,
    );
    expect(rejection(createAt('2.52'), create('2.52', { tags: ['x'.repeat(61)] }))).toMatch(
      /is too long$/,
    );
  });

  it('checks metadata keys and value lengths', () => {
    expect(
      rejection(createAt('2.1'), create('2.1', { metadata: { 'a.b:c d-e_f': 'v' } })),
    ).toBeUndefined();
    expect(rejection(createAt('2.1'), create('2.1', { metadata: { 'a/b': 'v' } }))).toMatch(
      /^Invalid input for field\/attribute metadata\. /,
    );
    expect(rejection(createAt('2.1'), create('2.1', { metadata: { k: 'v'.repeat(256) } }))).toMatch(
      /is too long$/,
    );
    expect(rejection(createAt('2.1'), create('2.1', { metadata: { k: 1 } }))).toMatch(
      /1 is not of type 'string'$/,
    );
  });

  it('wants base64 user_data of at most 65535 characters', () => {
    expect(rejection(createAt('2.1'), create('2.1', { user_data: 'aGVsbG8=' }))).toBeUndefined();
    expect(rejection(createAt('2.1'), create('2.1', { user_data: 'not base64!' }))).toMatch(
      /^Invalid input for field\/attribute user_data\. .*is not a 'base64'$/,
    );
    expect(rejection(createAt('2.1'), create('2.1', { user_data: 'A'.repeat(65536) }))).toMatch(
      /is too long$/,
    );
  });

  it('takes min_count/max_count as positive integers or digit strings', () => {
    expect(rejection(createAt('2.1'), create('2.1', { min_count: 0 }))).toBe(
      'Invalid input for field/attribute min_count. Value: 0. 0 is less than the minimum of 1',
    );
    expect(
      rejection(createAt('2.1'), create('2.1', { min_count: '2', max_count: 3 })),
    ).toBeUndefined();
    expect(rejection(createAt('2.1'), create('2.1', { max_count: '-1' }))).toMatch(
      /does not match/,
    );
    expect(rejection(createAt('2.1'), create('2.1', { max_count: '' }))).toMatch(
      /should be non-empty$/,
    );
    expect(
      rejection(createAt('2.1'), create('2.1', { return_reservation_id: 'yes' })),
    ).toBeUndefined();
    expect(rejection(createAt('2.1'), create('2.1', { return_reservation_id: 'maybe' }))).toMatch(
      /is not one of/,
    );
  });

  it("takes Nova's boolean-likes for config_drive", () => {
    for (const value of [true, 'True', '1', 'on', 'YES', false, 'false', '0', 'Off', 'no']) {
      expect(
        rejection(createAt('2.1'), create('2.1', { config_drive: value })),
        `${value}`,
      ).toBeUndefined();
    }
    expect(rejection(createAt('2.1'), create('2.1', { config_drive: 1 }))).toBeDefined();
  });

  it('takes flavorRef as a non-empty string or an integer, imageRef as a uuid or ""', () => {
    expect(rejection(createAt('2.1'), create('2.1', { flavorRef: 2 }))).toBeUndefined();
    expect(rejection(createAt('2.1'), create('2.1', { flavorRef: '' }))).toMatch(
      /should be non-empty$/,
    );
    expect(rejection(createAt('2.1'), create('2.1', { imageRef: '' }))).toBeUndefined();
    expect(rejection(createAt('2.1'), create('2.1', { imageRef: 'cirros' }))).toMatch(
      /^Invalid input for field\/attribute imageRef\. /,
    );
  });

  it('checks accessIPs, disk config and description', () => {
    expect(rejection(createAt('2.1'), create('2.1', { accessIPv4: '1.2.3.999' }))).toMatch(/ipv4/);
    expect(rejection(createAt('2.1'), create('2.1', { accessIPv6: '1.2.3.4' }))).toMatch(/ipv6/);
    expect(rejection(createAt('2.1'), create('2.1', { 'OS-DCF:diskConfig': 'auto' }))).toMatch(
      /is not one of \['AUTO', 'MANUAL'\]$/,
    );
    expect(rejection(createAt('2.18'), create('2.18', { description: 'd' }))).toMatch(
      /\('description' was unexpected\)$/,
    );
    expect(rejection(createAt('2.19'), create('2.19', { description: null }))).toBeUndefined();
    expect(
      rejection(createAt('2.19'), create('2.19', { description: ' spaced ' })),
    ).toBeUndefined();
    expect(
      rejection(createAt('2.19'), create('2.19', { description: 'two\nlines' })),
    ).toBeDefined();
    expect(rejection(createAt('2.19'), create('2.19', { description: 'd'.repeat(256) }))).toMatch(
      /is too long$/,
    );
  });

  it('checks hostname as one label at 2.90–2.93 and as an FQDN from 2.94', () => {
    expect(rejection(createAt('2.89'), create('2.89', { hostname: 'web' }))).toMatch(
      /\('hostname' was unexpected\)$/,
    );
    expect(rejection(createAt('2.90'), create('2.90', { hostname: 'web-1' }))).toBeUndefined();
    expect(rejection(createAt('2.90'), create('2.90', { hostname: 'web.example.com' }))).toMatch(
      /^Invalid input for field\/attribute hostname\. .*does not match/,
    );
    // Nova's hostname lists `pattern` before `minLength`: one character fails the pattern.
    expect(rejection(createAt('2.90'), create('2.90', { hostname: 'a' }))).toMatch(
      /'a' does not match '\^\[a-zA-Z0-9\]\+\[a-zA-Z0-9-\]\*\[a-zA-Z0-9\]\+\$'$/,
    );
    expect(rejection(createAt('2.90'), create('2.90', { hostname: '-web' }))).toBeDefined();
    expect(
      rejection(createAt('2.94'), create('2.94', { hostname: 'web.example.com' })),
    ).toBeUndefined();
    expect(rejection(createAt('2.94'), create('2.94', { hostname: 'web example' }))).toBeDefined();
  });

  it('adds trusted certificates at 2.63, volume_type at 2.67, host and node at 2.74', () => {
    const certs = { trusted_image_certificates: ['a', 'b'] };
    expect(rejection(createAt('2.62'), create('2.62', certs))).toBeDefined();
    expect(rejection(createAt('2.63'), create('2.63', certs))).toBeUndefined();
    expect(
      rejection(createAt('2.63'), create('2.63', { trusted_image_certificates: [] })),
    ).toBeDefined();
    expect(
      rejection(createAt('2.63'), create('2.63', { trusted_image_certificates: ['a', 'a'] })),
    ).toMatch(/has non-unique elements$/);
    const typed = {
      block_device_mapping_v2: [{ uuid: IMAGE, source_type: 'image', volume_type: 'lvm' }],
    };
    expect(rejection(createAt('2.66'), create('2.66', typed))).toBeDefined();
    expect(rejection(createAt('2.67'), create('2.67', typed))).toBeUndefined();
    const placed = { host: 'compute-1', hypervisor_hostname: 'compute-1.example' };
    expect(rejection(createAt('2.73'), create('2.73', placed))).toBeDefined();
    expect(rejection(createAt('2.74'), create('2.74', placed))).toBeUndefined();
  });

  it('checks both block device mapping syntaxes', () => {
    const legacy = [{ volume_id: IMAGE, device_name: 'vda', delete_on_termination: 'true' }];
    expect(
      rejection(createAt('2.1'), create('2.1', { block_device_mapping: legacy })),
    ).toBeUndefined();
    expect(
      rejection(
        createAt('2.1'),
        create('2.1', { block_device_mapping: [{ device_name: 'v da' }] }),
      ),
    ).toMatch(/does not match/);
    expect(
      rejection(
        createAt('2.1'),
        create('2.1', { block_device_mapping: [{ source_type: 'image' }] }),
      ),
    ).toMatch(/\('source_type' was unexpected\)$/);
    const v2 = (item: Record<string, unknown>) =>
      create('2.1', { block_device_mapping_v2: [item] });
    expect(rejection(createAt('2.1'), v2({ boot_index: '-1', volume_size: '10' }))).toBeUndefined();
    expect(rejection(createAt('2.1'), v2({ boot_index: null }))).toBeUndefined();
    expect(rejection(createAt('2.1'), v2({ boot_index: 'first' }))).toMatch(/does not match/);
    expect(rejection(createAt('2.1'), v2({ volume_size: 0 }))).toMatch(
      /less than the minimum of 1$/,
    );
    expect(rejection(createAt('2.1'), v2({ destination_type: 'remote' }))).toMatch(/is not one of/);
  });

  it('takes scheduler hints under either key, typing only the known hints', () => {
    const hinted = (hints: Record<string, unknown>, key = 'os:scheduler_hints') => ({
      ...(create('2.1') as object),
      [key]: hints,
    });
    expect(rejection(createAt('2.1'), hinted({ group: IMAGE, custom: [1, 2] }))).toBeUndefined();
    expect(
      rejection(createAt('2.1'), hinted({ same_host: [IMAGE] }, 'OS-SCH-HNT:scheduler_hints')),
    ).toBeUndefined();
    expect(rejection(createAt('2.1'), hinted({ different_host: [IMAGE, NET] }))).toBeUndefined();
    expect(rejection(createAt('2.1'), hinted({ group: 'not-a-uuid' }))).toBeDefined();
    expect(rejection(createAt('2.1'), hinted({ same_host: ['x'] }))).toMatch(/is not a 'uuid'$/);
    expect(rejection(createAt('2.1'), hinted({ cidr: '10.0.0.0/24' }))).toMatch(/does not match/);
    expect(rejection(createAt('2.1'), hinted({ build_near_host_ip: 'host' }))).toBeDefined();
  });
});
