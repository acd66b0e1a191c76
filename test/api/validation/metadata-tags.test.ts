import { describe, expect, it } from 'vitest';
import { METADATA_SCHEMAS, TAG_SCHEMAS } from '../../../src/api/validation/schemas/index.js';
import { isValid } from '../../../src/api/validation/validate.js';
import { rejection, v } from './helpers.js';

const at = v('2.26');

describe('METADATA_SCHEMAS', () => {
  it('takes {metadata: {...}} for replaceAll and merge, empty maps included', () => {
    for (const schema of [METADATA_SCHEMAS.replaceAll(at), METADATA_SCHEMAS.merge(at)]) {
      expect(rejection(schema, { metadata: {} })).toBeUndefined();
      expect(rejection(schema, { metadata: { 'Server Name': 'x' } })).toBeUndefined();
      expect(rejection(schema, {})).toBe("'metadata' is a required property");
      expect(rejection(schema, { metadata: { 'a/b': 'x' } })).toMatch(
        /^Invalid input for field\/attribute metadata\. /,
      );
      expect(rejection(schema, { metadata: { k: null } })).toMatch(/None is not of type 'string'$/);
      expect(rejection(schema, { metadata: { ['k'.repeat(256)]: 'v' } })).toBeDefined();
    }
  });

  it('takes exactly one item for setItem', () => {
    const schema = METADATA_SCHEMAS.setItem(at);
    expect(rejection(schema, { meta: { foo: 'bar' } })).toBeUndefined();
    expect(rejection(schema, { meta: {} })).toMatch(/should be non-empty$/);
    expect(rejection(schema, { meta: { a: '1', b: '2' } })).toMatch(/has too many properties$/);
    expect(rejection(schema, { metadata: { a: '1' } })).toBe("'meta' is a required property");
  });
});

describe('TAG_SCHEMAS', () => {
  it('takes at most 50 tags of 1–60 characters without , or /', () => {
    const schema = TAG_SCHEMAS.replaceAll(at);
    expect(rejection(schema, { tags: [] })).toBeUndefined();
    expect(
      rejection(schema, { tags: Array.from({ length: 50 }, (_, i) => `t${i}`) }),
    ).toBeUndefined();
    expect(rejection(schema, { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) })).toMatch(
      /is too long$/,
    );
    expect(rejection(schema, { tags: [''] })).toMatch(/should be non-empty$/);
    expect(rejection(schema, { tags: ['a/b'] })).toMatch(/does not match '\^\[\^,\/\]\*\$'$/);
    expect(rejection(schema, { tags: ['a'], extra: 1 })).toMatch(/\('extra' was unexpected\)$/);
    expect(rejection(schema, { tags: 'a' })).toMatch(/is not of type 'array'$/);
  });

  it('has the single-tag rule for the URL segment', () => {
    const tag = TAG_SCHEMAS.tag(at);
    expect(isValid(tag, 'web')).toBe(true);
    expect(isValid(tag, 'a,b')).toBe(false);
    expect(isValid(tag, 'x'.repeat(61))).toBe(false);
  });
});
