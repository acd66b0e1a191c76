import { describe, expect, it } from 'vitest';
import { nextLinkQuery } from '../../../src/api/listing/index.js';
import { parseIsoTime } from '../../../src/api/listing/iso-time.js';
import { Query } from '../../../src/api/query.js';

describe('parseIsoTime (iso8601 as oslo parses it)', () => {
  it.each([
    ['2015-08-27T09:49:58-05:00', Date.UTC(2015, 7, 27, 14, 49, 58)],
    ['2015-08-27T09:49:58Z', Date.UTC(2015, 7, 27, 9, 49, 58)],
    ['2015-08-27T09:49:58', Date.UTC(2015, 7, 27, 9, 49, 58)],
    ['2015-08-27 09:49', Date.UTC(2015, 7, 27, 9, 49)],
    ['2015-08-27T09:49:58.250+0100', Date.UTC(2015, 7, 27, 8, 49, 58, 250)],
    ['20150827', Date.UTC(2015, 7, 27)],
    ['2015-08', Date.UTC(2015, 7, 1)],
    ['2015', Date.UTC(2015, 0, 1)],
    ['2016-02-29', Date.UTC(2016, 1, 29)],
  ])('parses %s', (text, ms) => {
    expect(parseIsoTime(text)).toBe(ms);
  });

  it.each([
    'yesterday',
    '201508',
    '2015-13-01',
    '2015-02-30',
    '2015-08-27T25:00',
    '',
    '2015-08-27T09:49:58+24:00',
  ])('refuses %j', (text) => {
    expect(parseIsoTime(text)).toBeUndefined();
  });
});

describe('nextLinkQuery (urlencode of the sorted params)', () => {
  it('sorts by name then value, keeps one value per name and appends the marker', () => {
    expect(nextLinkQuery(Query.parse('status=B&limit=2&status=A'), 'm')).toBe(
      'limit=2&status=B&marker=m',
    );
    expect(nextLinkQuery(Query.parse('marker=old&limit=2'), 'new')).toBe('limit=2&marker=new');
  });

  it("encodes as Python's quote_plus", () => {
    expect(nextLinkQuery(Query.parse("name=a%20b!*'()~_.-/:"), 'm')).toBe(
      'name=a+b%21%2A%27%28%29~_.-%2F%3A&marker=m',
    );
  });
});
