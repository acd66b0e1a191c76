import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIp, parseIp } from '../../src/network/ip.js';
import { poolBounds } from '../../src/network/pool-bounds.js';

// The IPv4 parser and formatter read and write numbers by hand (no regex match, no bigint per
// octet): the regex-and-bigint versions they replaced are the reference here.
const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function referenceV4(text: string): bigint | undefined {
  const m = V4.exec(text);
  if (!m) return undefined;
  let value = 0n;
  for (const part of m.slice(1)) {
    const n = Number(part);
    if (n > 255 || (part.length > 1 && part.startsWith('0'))) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

const referenceFormat = (value: bigint) =>
  [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');

/** Dotted-quad-like text: parts of 0–4 characters from digits and a few others. */
const quadLike = fc
  .array(fc.stringMatching(/^[0-9a.: x-]{0,4}$/), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join('.'));

describe('IPv4 text', () => {
  test.prop([quadLike])('parses as the regex-and-bigint reader does', (text) => {
    const ref = referenceV4(text);
    const got = parseIp(text);
    if (ref === undefined) expect(got?.version === 4 ? got : undefined).toBeUndefined();
    else expect(got).toEqual({ version: 4, value: ref });
  });

  test.prop([fc.bigInt({ min: 0n, max: 2n ** 32n - 1n })])(
    'formats as the bigint formatter does, and reads back',
    (value) => {
      expect(formatIp(4, value)).toBe(referenceFormat(value));
      expect(parseIp(formatIp(4, value))?.value).toBe(value);
    },
  );

  it('refuses leading zeros, octets over 255, extra or missing parts, and trailing text', () => {
    for (const text of ['01.2.3.4', '1.2.3.256', '1.2.3', '1.2.3.4.5', '1.2.3.4 ', '1..3.4', '']) {
      expect(parseIp(text)).toBeUndefined();
    }
    expect(parseIp('0.0.0.0')).toEqual({ version: 4, value: 0n });
    expect(parseIp('255.255.255.255')).toEqual({ version: 4, value: 2n ** 32n - 1n });
  });
});

describe('poolBounds', () => {
  it('parses a pool once and again after its texts change', () => {
    const pool = { start: '10.0.0.2', end: '10.0.0.254' };
    expect(poolBounds(pool)).toEqual({ start: 167772162n, end: 167772414n });
    pool.end = '10.0.0.9';
    expect(poolBounds(pool)).toEqual({ start: 167772162n, end: 167772169n });
    pool.start = 'nonsense';
    expect(poolBounds(pool)).toBeNull();
  });
});
