import { describe, expect, it } from 'vitest';
import { createServerSchema } from '../../../src/api/validation/schemas/index.js';
import { createCloud } from '../../../src/cloud.js';
import { rejection, v } from './helpers.js';

// jsonschema's additionalProperties (its _keywords.py, with extras_msg): every extra key,
// sorted, repr'd and joined by ", ", with "was" for one and "were" for several; with
// patternProperties, "do not match any of the regexes" and the patterns sorted too.
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('several additional properties at once', () => {
  it('lists them all, sorted, in the schema message', () => {
    const body = { server: { name: 'vm', flavorRef: '1', imageRef: IMAGE, zeta: 1, alpha: 2 } };
    expect(rejection(createServerSchema(v('2.1')), body)).toBe(
      "Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1', " +
        `'imageRef': '${IMAGE}', 'zeta': 1, 'alpha': 2}. ` +
        "Additional properties are not allowed ('alpha', 'zeta' were unexpected)",
    );
  });

  it('sorts by code point and writes each key as Python repr does', () => {
    const schema = { type: 'object', properties: { a: {} }, additionalProperties: false };
    expect(rejection(schema, { a: 1, b: 1, "it's": 1, B: 1 })).toBe(
      `Additional properties are not allowed ('B', 'b', "it's" were unexpected)`,
    );
  });

  it('sorts the patterns of a patternProperties schema', () => {
    const schema = {
      type: 'object',
      patternProperties: { '^z': {}, '^a': {} },
      additionalProperties: false,
    };
    expect(rejection(schema, { q: 1, p: 1, zed: 1 })).toBe(
      "'p', 'q' do not match any of the regexes: '^a', '^z'",
    );
  });

  it('answers an action body with two unknown keys with both, through the API', () => {
    const cloud = createCloud({ seed: 3 });
    const boot = cloud.request({
      method: 'POST',
      path: '/v2.1/servers',
      body: { server: { name: 'a', flavorRef: '1', imageRef: IMAGE } },
    });
    cloud.clock.advance(60_000);
    const res = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${boot.body.server.id}/action`,
      body: { resize: { flavorRef: '2', size: 'L', colour: 'red' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      "Invalid input for field/attribute resize. Value: {'flavorRef': '2', 'size': 'L', " +
        "'colour': 'red'}. Additional properties are not allowed ('colour', 'size' were unexpected)",
    );
  });
});
