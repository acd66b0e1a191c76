import { describe, expect, it } from 'vitest';
import { validateBody } from '../../../src/api/validation/validate.js';
import { boot, call, messageOf, newCloud } from '../extras/helpers.js';

// Nova's jsonschema (Draft4Validator) reports the first error in the schema's own key
// order: `properties` (in the order the schema lists them) before `required` and
// `additionalProperties`, as every Nova schema lists them. ajv checks `required` and
// `additionalProperties` first. Each case below has a body with a bad field and a missing
// or extra one; the expected message is what Nova's validator gives for that body.

type Case = readonly [
  name: string,
  method: string,
  path: string,
  version: string,
  body: unknown,
  message: string,
  admin?: boolean,
];

const CASES: readonly Case[] = [
  [
    'create: a bad name before the missing flavorRef and networks',
    'POST',
    'servers',
    '2.90',
    { server: { name: 1 } },
    "Invalid input for field/attribute name. Value: 1. 1 is not of type 'string'",
  ],
  [
    'create: a bad imageRef before an unexpected key',
    'POST',
    'servers',
    '2.90',
    { server: { name: 'x', flavorRef: '1', networks: 'none', foo: 1, imageRef: 'nope' } },
    "Invalid input for field/attribute imageRef. Value: nope. 'nope' is not valid under any of the given schemas",
  ],
  [
    'create: the missing server before an unexpected key',
    'POST',
    'servers',
    '2.90',
    { foo: 1 },
    "'server' is a required property",
  ],
  [
    'create: personality is listed before user_data',
    'POST',
    'servers',
    '2.1',
    { server: { name: 'x', flavorRef: '1', user_data: 5, personality: 5 } },
    "Invalid input for field/attribute personality. Value: 5. 5 is not of type 'array'",
  ],
  [
    'update: a bad name before an unexpected top-level key',
    'PUT',
    'servers/{id}',
    '2.90',
    { server: { name: 1 }, foo: 1 },
    "Invalid input for field/attribute name. Value: 1. 1 is not of type 'string'",
  ],
  [
    'rebuild: a bad name before the missing imageRef',
    'POST',
    'servers/{id}/action',
    '2.90',
    { rebuild: { name: 1 } },
    "Invalid input for field/attribute name. Value: 1. 1 is not of type 'string'",
  ],
  [
    'resize: a bad diskConfig before the missing flavorRef',
    'POST',
    'servers/{id}/action',
    '2.1',
    { resize: { 'OS-DCF:diskConfig': 'bad' } },
    "Invalid input for field/attribute OS-DCF:diskConfig. Value: bad. 'bad' is not one of ['AUTO', 'MANUAL']",
  ],
  [
    'createImage: bad metadata before the missing name',
    'POST',
    'servers/{id}/action',
    '2.1',
    { createImage: { metadata: 1 } },
    "Invalid input for field/attribute metadata. Value: 1. 1 is not of type 'object'",
  ],
  [
    'createBackup: a bad rotation before the missing backup_type',
    'POST',
    'servers/{id}/action',
    '2.1',
    { createBackup: { name: 'b', rotation: 'x' } },
    "Invalid input for field/attribute rotation. Value: x. 'x' does not match '^[0-9]*$'",
  ],
  [
    'live migration: a bad host before the missing block_migration',
    'POST',
    'servers/{id}/action',
    '2.25',
    { 'os-migrateLive': { host: 1 } },
    "Invalid input for field/attribute host. Value: 1. 1 is not of type 'string', 'null'",
    true,
  ],
  [
    'keypair: a bad type before the missing name',
    'POST',
    'os-keypairs',
    '2.2',
    { keypair: { type: 'foo' } },
    "Invalid input for field/attribute type. Value: foo. 'foo' is not one of ['ssh', 'x509']",
  ],
  [
    'flavor: a bad ram before the missing vcpus and disk (flavor_param_positive is ^[0-9]+$)',
    'POST',
    'flavors',
    '2.1',
    { flavor: { name: 'f', ram: 'x' } },
    "Invalid input for field/attribute ram. Value: x. 'x' does not match '^[0-9]+$'",
    true,
  ],
  [
    'aggregate: a bad zone before the missing name',
    'POST',
    'os-aggregates',
    '2.1',
    { aggregate: { availability_zone: 1 } },
    'Invalid input for field/attribute availability_zone. Value: 1. 1 is not valid under any of the given schemas',
    true,
  ],
  [
    'server group: a bad policy before the missing name',
    'POST',
    'os-server-groups',
    '2.64',
    { server_group: { policy: 'bad' } },
    "Invalid input for field/attribute policy. Value: bad. 'bad' is not one of ['anti-affinity', 'affinity', 'soft-anti-affinity', 'soft-affinity']",
  ],
  [
    'volume attach: a bad device before the missing volumeId',
    'POST',
    'servers/{id}/os-volume_attachments',
    '2.1',
    { volumeAttachment: { device: 1 } },
    "Invalid input for field/attribute device. Value: 1. 1 is not of type 'string', 'null'",
  ],
  [
    'interface attach: a bad net_id before an unexpected key',
    'POST',
    'servers/{id}/os-interface',
    '2.1',
    { interfaceAttachment: { net_id: 1 }, x: 1 },
    "Invalid input for field/attribute net_id. Value: 1. 1 is not of type 'string'",
  ],
];

describe("400 messages in Nova's schema order", () => {
  const cloud = newCloud();
  const id = boot(cloud);
  for (const [name, method, path, version, body, message, admin] of CASES) {
    it(name, () => {
      const res = call(cloud, method, path.replace('{id}', id), {
        body,
        version,
        ...(admin ? { admin } : {}),
      });
      expect(res.status).toBe(400);
      expect(messageOf(res.body)).toBe(message);
    });
  }
});

describe('the walk follows the schema, not a fixed keyword order', () => {
  const props = { a: { type: 'string' } };
  it('reports required first where the schema lists it first', () => {
    const schema = { type: 'object', required: ['b'], properties: props };
    expect(() => validateBody(schema, { a: 1 })).toThrow("'b' is a required property");
  });
  it('reports the property first where properties come first', () => {
    const schema = { type: 'object', properties: props, required: ['b'] };
    expect(() => validateBody(schema, { a: 1 })).toThrow(
      "Invalid input for field/attribute a. Value: 1. 1 is not of type 'string'",
    );
  });
  it('reports properties in the order the schema lists them, not the body', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } };
    expect(() => validateBody(schema, { b: 2, a: 1 })).toThrow('field/attribute a.');
  });
  it("checks an additionalProperties schema on the extra keys' values", () => {
    const schema = { type: 'object', properties: props, additionalProperties: { type: 'integer' } };
    expect(() => validateBody(schema, { a: 'x', z: 'y' })).toThrow(
      "Invalid input for field/attribute z. Value: y. 'y' is not of type 'integer'",
    );
  });
});
