import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { pathSegments } from '../../src/api/path-segments.js';

describe('pathSegments', () => {
  it('drops the empty segments of leading, doubled and trailing slashes', () => {
    expect(pathSegments('/v2.1//servers/abc/')).toEqual(['v2.1', 'servers', 'abc']);
    expect(pathSegments('')).toEqual([]);
    expect(pathSegments('///')).toEqual([]);
    expect(pathSegments('servers')).toEqual(['servers']);
  });

  test.prop([fc.stringMatching(/^[a-z/.%-]{0,30}$/)])(
    'agrees with split and filter on any path',
    (path) => {
      expect(pathSegments(path)).toEqual(path.split('/').filter((s) => s !== ''));
    },
  );
});
