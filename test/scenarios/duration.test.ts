import { describe, expect, it } from 'vitest';
import { formatDuration, formatOffset, parseDuration } from '../../src/scenario/duration.js';

describe('parseDuration', () => {
  it.each([
    [0, 0],
    [1500, 1500],
    ['PT5M', 300_000],
    ['PT1.5S', 1500],
    ['PT0.001S', 1],
    ['PT1H2M3S', 3_723_000],
    ['P1D', 86_400_000],
    ['P1DT12H', 129_600_000],
    ['P2W', 1_209_600_000],
    ['PT36H', 129_600_000],
  ])('%j is %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([
    'P',
    'PT',
    'P1DT',
    '5M',
    'PT5',
    'P1Y',
    'P1M',
    'PT-5S',
    'pt5m',
    ' PT5M',
    -1,
    Number.NaN,
    null,
  ])('refuses %j', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});

describe('formatting', () => {
  it('shows offsets as +HH:MM:SS.mmm, with days past 24 h', () => {
    expect(formatOffset(0)).toBe('+00:00:00.000');
    expect(formatOffset(6500)).toBe('+00:00:06.500');
    expect(formatOffset(3_723_004)).toBe('+01:02:03.004');
    expect(formatOffset(90_000_000)).toBe('+1d 01:00:00.000');
  });

  it('shows durations briefly', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(6500)).toBe('6.5s');
    expect(formatDuration(61_000)).toBe('1m 1s');
    expect(formatDuration(3_720_000)).toBe('1h 2m');
    expect(formatDuration(1)).toBe('0.001s');
  });
});
