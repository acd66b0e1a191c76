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

// jsonschema 4.23+ (Nova master's upper constraint is 4.26): a minimum of 1 reads "should be
// non-empty", a maximum of 0 "is expected to be empty"; other limits keep the old words.
describe('size keywords at their edge values', () => {
  it('words minLength, minItems, minProperties of 1 and the maxima of 0 as jsonschema 4.26', () => {
    const cases: [Record<string, unknown>, unknown, string][] = [
      [{ type: 'string', minLength: 1 }, '', "'' should be non-empty"],
      [{ type: 'string', minLength: 2 }, 'a', "'a' is too short"],
      [{ type: 'array', minItems: 1 }, [], '[] should be non-empty'],
      [{ type: 'object', minProperties: 1 }, {}, '{} should be non-empty'],
      [{ type: 'object', minProperties: 2 }, { a: 1 }, "{'a': 1} does not have enough properties"],
      [{ type: 'string', maxLength: 0 }, 'a', "'a' is expected to be empty"],
      [{ type: 'array', maxItems: 0 }, [1], '[1] is expected to be empty'],
      [{ type: 'object', maxProperties: 0 }, { a: 1 }, "{'a': 1} is expected to be empty"],
      [{ type: 'string', maxLength: 1 }, 'ab', "'ab' is too long"],
    ];
    for (const [schema, value, message] of cases) {
      expect(rejection(schema, value), JSON.stringify(schema)).toBe(message);
    }
  });

  it('an empty server name through the API', () => {
    const cloud = createCloud({ seed: 3 });
    const res = cloud.request({
      method: 'POST',
      path: '/v2.1/servers',
      body: { server: { name: '', flavorRef: '1', imageRef: IMAGE } },
    });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      "Invalid input for field/attribute name. Value: . '' should be non-empty",
    );
  });
});
