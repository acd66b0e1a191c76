import { describe, expect, it } from 'vitest';
import { jsonTextTooDeep, jsonValueTooDeep } from '../../src/api/json-depth.js';

/** `[[[…]]]` nested `depth` arrays deep. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

describe('jsonValueTooDeep', () => {
  it('passes what is not an object: no body, strings, numbers', () => {
    expect(jsonValueTooDeep(undefined)).toBe(false);
    expect(jsonValueTooDeep(null)).toBe(false);
    expect(jsonValueTooDeep('{"a":1}')).toBe(false);
    expect(jsonValueTooDeep(7)).toBe(false);
  });

  it('counts arrays and objects alike, up to the limit', () => {
    expect(jsonValueTooDeep(nested(4), 4)).toBe(false);
    expect(jsonValueTooDeep(nested(5), 4)).toBe(true);
    expect(jsonValueTooDeep({ a: { b: { c: [1, 'x'] } } }, 4)).toBe(false);
    expect(jsonValueTooDeep({ a: { b: { c: [{}] } } }, 4)).toBe(true);
  });

  it('finds the deep branch among shallow ones', () => {
    expect(jsonValueTooDeep({ a: 1, b: [[]], c: { d: nested(10) } }, 8)).toBe(true);
    expect(jsonValueTooDeep({ a: 1, b: [[]], c: { d: nested(6) } }, 8)).toBe(false);
  });

  it('answers true for a cyclic value, without looping', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = { back: cyclic };
    expect(jsonValueTooDeep(cyclic)).toBe(true);
  });

  it('reads the same as the text it was parsed from', () => {
    for (const depth of [1, 511, 512, 513]) {
      const text = JSON.stringify(nested(depth));
      expect(jsonValueTooDeep(JSON.parse(text))).toBe(jsonTextTooDeep(text));
    }
  });
});
