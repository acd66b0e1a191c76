import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isoTime, usageTime } from '../../../src/api/views/time.js';

/** What the views wrote before the hand-made date text: Date#toISOString, sliced. */
function viaDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
}

// The date text is worked out from the day count, not by a Date: it must agree with
// toISOString at every instant, across leap days, centuries and the ends of its range.
describe('the timestamp texts of the views', () => {
  test.prop([fc.integer({ min: -62_000_000_000_000, max: 8_640_000_000_000_000 })], {
    numRuns: 2000,
  })('match toISOString at any millisecond', (ms) => {
    expect(isoTime(ms)).toBe(`${viaDate(ms)}Z`);
    expect(usageTime(ms).slice(0, 19)).toBe(viaDate(ms));
  });

  it('match it on leap days, century years and the edges of four-digit years', () => {
    const instants = [
      0,
      -1,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(2100, 1, 28, 12),
      Date.UTC(2100, 2, 1),
      Date.UTC(2024, 11, 31, 23, 59, 59),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10_000, 0, 1),
      Date.UTC(1969, 11, 31, 23, 59, 59, 500),
    ];
    for (const ms of instants) {
      expect(isoTime(ms), String(ms)).toBe(`${viaDate(ms)}Z`);
      expect(usageTime(ms).slice(0, 19), String(ms)).toBe(viaDate(ms));
    }
    expect(usageTime(Date.UTC(2000, 1, 29, 1, 2, 3, 4) + 0.5)).toBe('2000-02-29T01:02:03.004500');
  });
});
