import { describe, expect, it } from 'vitest';
import {
  adminPass,
  hexId,
  PASSWORD_SYMBOL_GROUPS,
  requestId,
  reservationId,
  uuid4,
} from '../../src/random/ids.js';
import { createRandom, type Random, restoreRandom } from '../../src/random/prng.js';

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SAMPLES = 2000;

function sample(rng: Random, make: (rng: Random) => string, n = SAMPLES): string[] {
  return Array.from({ length: n }, () => make(rng));
}

describe('determinism', () => {
  const makers: Array<[string, (rng: Random) => string]> = [
    ['uuid4', uuid4],
    ['requestId', requestId],
    ['adminPass', (rng) => adminPass(rng)],
    ['reservationId', reservationId],
    ['hexId', (rng) => hexId(rng, 40)],
  ];

  it.each(makers)('%s: same seed, same ids; different seed, different ids', (_name, make) => {
    const a = sample(createRandom('ids'), make, 50);
    expect(sample(createRandom('ids'), make, 50)).toEqual(a);
    expect(sample(createRandom('other'), make, 50)).not.toEqual(a);
  });

  it('continues identically from a saved state, whatever mix of ids came before', () => {
    const rng = createRandom(77);
    uuid4(rng);
    reservationId(rng);
    adminPass(rng);
    hexId(rng, 7);
    const copy = restoreRandom(rng.state());
    const mix = (r: Random) => [uuid4(r), reservationId(r), adminPass(r, 20), hexId(r, 13)].join();
    expect(sample(copy, mix, 20)).toEqual(sample(rng, mix, 20));
  });

  it('draws only from the generator it is given, even when interleaved', () => {
    const a = createRandom(1);
    const b = createRandom(2);
    const interleaved = Array.from({ length: 20 }, () => [reservationId(a), reservationId(b)]);
    const a2 = createRandom(1);
    const b2 = createRandom(2);
    expect(interleaved.map(([x]) => x)).toEqual(sample(a2, reservationId, 20));
    expect(interleaved.map(([, y]) => y)).toEqual(sample(b2, reservationId, 20));
  });
});

describe('uuid4', () => {
  it('is a lowercase RFC 4122 version-4 UUID', () => {
    const ids = sample(createRandom(1), uuid4);
    for (const id of ids) expect(id).toMatch(UUID4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses every variant nibble and every hex digit in the random positions', () => {
    const ids = sample(createRandom(2), uuid4);
    expect(new Set(ids.map((id) => id[19])).size).toBe(4);
    expect(new Set(ids.map((id) => id[0])).size).toBe(16);
    expect(new Set(ids.map((id) => id[35])).size).toBe(16);
  });

  it('gives the ids it gave before it was built from char codes (same seed, same ids)', () => {
    const rng = createRandom(7);
    expect([uuid4(rng), uuid4(rng), requestId(rng)]).toEqual([
      '6d8d46f7-7d27-4bb8-8ec7-a2397b1043ab',
      '2c37a85c-67ed-4566-ac33-3f12af3d3d38',
      'req-40f7d413-ac93-4d3c-b589-8c30bf2060b0',
    ]);
  });
});

describe('requestId', () => {
  it('is req- and a uuid4', () => {
    for (const id of sample(createRandom(3), requestId)) {
      expect(id.startsWith('req-')).toBe(true);
      expect(id.slice(4)).toMatch(UUID4);
    }
  });
});

describe('adminPass', () => {
  const [digits, upper, lower] = PASSWORD_SYMBOL_GROUPS as [string, string, string];
  const allowed = new RegExp(`^[${digits}${upper}${lower}]+$`);

  it('has Nova’s symbol groups, without look-alike characters', () => {
    expect(PASSWORD_SYMBOL_GROUPS).toEqual([
      '23456789',
      'ABCDEFGHJKLMNPQRSTUVWXYZ',
      'abcdefghijkmnopqrstuvwxyz',
    ]);
  });

  it('is 12 characters by default, from the allowed set, with one of each group', () => {
    for (const pass of sample(createRandom(4), (rng) => adminPass(rng))) {
      expect(pass).toHaveLength(12);
      expect(pass).toMatch(allowed);
      expect(pass).not.toMatch(/[01IOl]/);
      for (const group of [digits, upper, lower]) {
        expect([...pass].some((ch) => group.includes(ch))).toBe(true);
      }
    }
  });

  it('does not keep the guaranteed characters in fixed positions', () => {
    const firsts = new Set(sample(createRandom(5), (rng) => adminPass(rng)[0]!));
    for (const group of [digits, upper, lower]) {
      expect([...firsts].some((ch) => group.includes(ch))).toBe(true);
    }
  });

  it('honours other lengths, including ones below the number of groups', () => {
    const rng = createRandom(6);
    expect(adminPass(rng, 0)).toBe('');
    for (const length of [1, 2, 3, 4, 20, 64]) {
      const pass = adminPass(rng, length);
      expect(pass).toHaveLength(length);
      expect(pass).toMatch(allowed);
    }
    const twos = sample(rng, (r) => adminPass(r, 2), 200);
    for (const pass of twos) {
      const groupsUsed = [digits, upper, lower].filter((g) => [...pass].some((c) => g.includes(c)));
      expect(groupsUsed).toHaveLength(2);
    }
  });

  it('rejects a bad length', () => {
    const rng = createRandom();
    expect(() => adminPass(rng, -1)).toThrow(RangeError);
    expect(() => adminPass(rng, 2.5)).toThrow(RangeError);
  });
});

describe('reservationId', () => {
  it('is r- and 8 characters from Nova’s alphabet', () => {
    const ids = sample(createRandom(7), reservationId);
    for (const id of ids) expect(id).toMatch(/^r-[0-9a-z]{8}$/);
    const chars = new Set(ids.flatMap((id) => [...id.slice(2)]));
    expect(chars.size).toBe(36);
  });

  it('draws "0" about twice as often as other characters, as Nova’s doubled "0" does', () => {
    const counts = new Map<string, number>();
    for (const id of sample(createRandom(8), reservationId, 5000)) {
      for (const ch of id.slice(2)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    // 40,000 characters: '0' expects 2/37 (~2162), others 1/37 (~1081).
    expect(counts.get('0')).toBeGreaterThan(1850);
    expect(counts.get('0')).toBeLessThan(2450);
    expect(counts.get('z')).toBeGreaterThan(900);
    expect(counts.get('z')).toBeLessThan(1300);
  });
});

describe('hexId', () => {
  it('is n lowercase hex digits', () => {
    const rng = createRandom(9);
    for (const n of [0, 1, 2, 31, 32, 33, 64, 300, 1000]) {
      const id = hexId(rng, n);
      expect(id).toHaveLength(n);
      expect(id).toMatch(/^[0-9a-f]*$/);
    }
    const digits = new Set(sample(rng, (r) => hexId(r, 8), 200).join(''));
    expect(digits.size).toBe(16);
  });

  it('rejects a bad length', () => {
    const rng = createRandom();
    expect(() => hexId(rng, -1)).toThrow(RangeError);
    expect(() => hexId(rng, 1.5)).toThrow(RangeError);
  });
});
