import { describe, expect, it } from 'vitest';
import { compileRegex, databaseRegex, ipRegex } from '../../../src/api/listing/regex.js';
import { boot, fault, list, names, newCloud, settle } from './helpers.js';

describe('regex filters run in linear time (RE2) with Python re syntax', () => {
  it('answers name=^(a+)+$ against a 27-character name (the ReDoS of issue 13)', () => {
    const cloud = newCloud();
    boot(cloud, { name: `${'a'.repeat(27)}!` });
    boot(cloud, { name: 'a'.repeat(27) });
    settle(cloud);
    const query = `name=${encodeURIComponent('^(a+)+$')}`;
    expect(names(list(cloud, { query }))).toEqual(['a'.repeat(27)]);
  });

  it('matches deeply nested repetition on long texts', () => {
    const evil = compileRegex('^((a+)+)+(b|c)*$');
    expect(evil?.test(`${'a'.repeat(5000)}!`)).toBe(false);
    expect(evil?.test(`${'a'.repeat(5000)}bcb`)).toBe(true);
  });

  it("translates Python's named groups, inline flags, \\Z and {,n}", () => {
    expect(compileRegex('(?i)^web-(?P<n>[0-9]+)$')?.test('WEB-12')).toBe(true);
    expect(compileRegex('web\\Z')?.test('a-web')).toBe(true);
    expect(compileRegex('web\\Z')?.test('web-a')).toBe(false);
    expect(compileRegex('^a{,2}$')?.test('aa')).toBe(true);
    expect(compileRegex('^a{,2}$')?.test('aaa')).toBe(false);
    expect(databaseRegex('WEB')?.test('web-1')).toBe(true);
    expect(ipRegex('10\\.0')?.test('110.0.0.1')).toBe(false);
    expect(ipRegex('10\\.0')?.test('10.0.0.1')).toBe(true);
  });

  it('refuses what needs backtracking (backreferences, lookahead) and over-long patterns as no regex', () => {
    expect(compileRegex('(a)\\1')).toBeUndefined();
    expect(compileRegex('a(?=b)')).toBeUndefined();
    expect(compileRegex('a'.repeat(2000))).toBeUndefined();
    const cloud = newCloud();
    boot(cloud, { name: 'aa' });
    settle(cloud);
    expect(fault(list(cloud, { query: `name=${encodeURIComponent('(a)\\1')}` })).code).toBe(400);
  });
});
