import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileRegex, databaseRegex } from '../../../src/api/listing/regex.js';

// Letters whose Unicode case folding reaches ASCII (ſ is s, K is k), other non-ASCII
// letters, ASCII punctuation (escaped or not) and metacharacters.
const CHARS = [
  'a',
  'b',
  'S',
  's',
  'K',
  'k',
  'ſ',
  'K',
  'é',
  'É',
  '-',
  ' ',
  '|',
  '.',
  '\\',
  '_',
  '1',
];
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 12 }).map((cs) => cs.join(''));

describe('literal list filters', () => {
  it('answer as RE2 does, case-insensitive or not, on ASCII and other texts', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 8 }), fc.boolean(), (pattern, texts, ci) => {
        const ours = ci ? databaseRegex(pattern) : compileRegex(pattern);
        let re: RE2JS | undefined;
        try {
          const source = ci ? pattern.replaceAll('|', '\\|') : pattern;
          re = RE2JS.compile(source, ci ? RE2JS.CASE_INSENSITIVE : 0);
        } catch {
          re = undefined;
        }
        expect(ours === undefined).toBe(re === undefined);
        for (const t of texts) expect(ours?.test(t)).toBe(re?.test(t));
      }),
      { numRuns: 1500 },
    );
  });

  it('fold Unicode as RE2 does when the text is not ASCII: ſ matches s, K matches k', () => {
    expect(databaseRegex('bench')?.test('my-BENCH-1')).toBe(true);
    expect(databaseRegex('s')?.test('ſ')).toBe(true);
    expect(databaseRegex('k')?.test('K')).toBe(true);
    expect(compileRegex('s')?.test('ſ')).toBe(false);
    expect(databaseRegex('a|b')?.test('xa|by')).toBe(true);
    expect(databaseRegex('a|b')?.test('a')).toBe(false);
  });
});
