import { describe, expect, it } from 'vitest';
import { isBase64 } from '../../../src/api/validation/validate.js';

// Each case is what Python's base64.b64decode (non-strict, as oslo's decode_as_bytes calls
// it) does with the text: decodes (true) or raises binascii.Error (false).
describe("user_data's base64 check is Python's non-strict b64decode (#9.10)", () => {
  it.each([
    ['', true],
    ['%%%', true],
    ['aGVsbG8=', true],
    ['aGVs bG8=', true],
    ['aGVsbG8=trailing junk', true],
    ['aGVsbG8', false],
    ['aGVsb', false],
    ['a===', false],
    ['ab==', true],
    ['abc=', true],
    ['ab=c', false],
    ['é', false],
  ])('%j → %s', (text, expected) => {
    expect(isBase64(text)).toBe(expected);
  });
});
