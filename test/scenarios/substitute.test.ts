import { describe, expect, it } from 'vitest';
import { findReferences, substitute } from '../../src/scenario/substitute.js';

describe('substitute', () => {
  const vars = { web: 'abc-123', n: 2, flags: { a: true }, none: null };

  it('splices values into strings, everywhere in a JSON value', () => {
    expect(
      substitute(
        { path: '/v2.1/servers/${web}/action', list: ['${web}-x', { deep: 'n=${n}' }] },
        vars,
      ),
    ).toEqual({ path: '/v2.1/servers/abc-123/action', list: ['abc-123-x', { deep: 'n=2' }] });
  });

  it('keeps the type of a value that is the whole string', () => {
    expect(substitute({ count: '${n}', f: '${flags}', z: '${none}' }, vars)).toEqual({
      count: 2,
      f: { a: true },
      z: null,
    });
  });

  it('writes objects spliced into text as JSON', () => {
    expect(substitute('flags: ${flags}', vars)).toBe('flags: {"a":true}');
  });

  it('leaves $${name} as the literal text ${name}, and unknown names alone', () => {
    expect(substitute('$${web} is ${web}; ${other}', vars)).toBe('${web} is abc-123; ${other}');
  });

  it('leaves keys, numbers and booleans alone and does not change its input', () => {
    const input = { '${web}': 1, t: true };
    expect(substitute(input, vars)).toEqual({ '${web}': 1, t: true });
    expect(input).toEqual({ '${web}': 1, t: true });
  });
});

describe('findReferences', () => {
  it('lists each use with the pointer of its string', () => {
    expect(
      findReferences({ a: '${x} and ${y}', b: ['$${z}', { 'c/d': '${x}' }] }, '/steps/2'),
    ).toEqual([
      { name: 'x', pointer: '/steps/2/a' },
      { name: 'y', pointer: '/steps/2/a' },
      { name: 'x', pointer: '/steps/2/b/1/c~1d' },
    ]);
  });
});
