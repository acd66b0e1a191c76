/** The four 32-bit words of an sfc32 generator: plain JSON, safe to snapshot. */
export type RandomState = readonly [number, number, number, number];

/**
 * A seeded, deterministic source of randomness (sfc32). Not cryptographic.
 * Every method draws from the same stream, so call order matters for reproducibility.
 */
export interface Random {
  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number;
  /** A float in [0, 1) with 53 random bits (two draws). */
  next(): number;
  /** An integer in [minInclusive, maxExclusive), unbiased; the range may span at most 2^32. */
  int(minInclusive: number, maxExclusive: number): number;
  /** `n` fresh random bytes. */
  bytes(n: number): Uint8Array;
  /** Fills `target[0..length)` with random bytes without allocating; returns `target`. */
  fill(target: Uint8Array, length?: number): Uint8Array;
  /** A copy of the current state, for {@link restoreRandom}. */
  state(): RandomState;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/**
 * A generator seeded from a safe integer or a string. The same seed always gives the
 * same stream.
 *
 * @example
 * const rng = createRandom('scenario-7');
 * rng.int(0, 6); // same value on every run
 * const again = restoreRandom(rng.state()); // continues exactly where rng is
 */
export function createRandom(seed: number | string = 0): Random {
  let a: number;
  let b: number;
  let c: number;
  if (typeof seed === 'string') {
    [a, b, c] = hashString(seed);
  } else if (typeof seed === 'number' && Number.isSafeInteger(seed)) {
    // PractRand's sfc32 seeding: seed in b and c (low, high words), counter 1, 12 rounds.
    a = 0;
    b = seed >>> 0;
    c = Math.floor(seed / TWO_POW_32) >>> 0;
  } else {
    throw new RangeError(
      `Random seed must be a safe integer or a string; got ${String(seed)} (${typeof seed})`,
    );
  }
  const rng = fromWords(a, b, c, 1);
  for (let i = 0; i < 12; i++) rng.nextUint32();
  return rng;
}

/**
 * A generator that continues exactly where the one that gave `state` was.
 *
 * @example
 * const saved = JSON.stringify(rng.state());
 * const copy = restoreRandom(JSON.parse(saved));
 */
export function restoreRandom(state: RandomState): Random {
  if (
    !Array.isArray(state) ||
    state.length !== 4 ||
    !state.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_POW_32)
  ) {
    throw new RangeError(
      `Random state must be four unsigned 32-bit integers; got ${JSON.stringify(state)}`,
    );
  }
  return fromWords(state[0], state[1], state[2], state[3]);
}

function fromWords(a0: number, b0: number, c0: number, d0: number): Random {
  let a = a0 | 0;
  let b = b0 | 0;
  let c = c0 | 0;
  let d = d0 | 0;

  // sfc32 by Chris Doty-Humphrey (PractRand), public domain.
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };

  const fill = (target: Uint8Array, length = target.length): Uint8Array => {
    if (!Number.isInteger(length) || length < 0 || length > target.length) {
      throw new RangeError(
        `Random fill length must be an integer in [0, ${target.length}]; got ${length}`,
      );
    }
    let i = 0;
    for (; i + 4 <= length; i += 4) {
      const x = nextUint32();
      target[i] = x;
      target[i + 1] = x >>> 8;
      target[i + 2] = x >>> 16;
      target[i + 3] = x >>> 24;
    }
    if (i < length) {
      let x = nextUint32();
      for (; i < length; i++, x >>>= 8) target[i] = x;
    }
    return target;
  };

  return {
    nextUint32,
    next() {
      const hi = nextUint32() >>> 5; // 27 bits
      const lo = nextUint32() >>> 6; // 26 bits
      return (hi * 67108864 + lo) / TWO_POW_53;
    },
    int(minInclusive, maxExclusive) {
      const range = maxExclusive - minInclusive;
      if (
        !Number.isSafeInteger(minInclusive) ||
        !Number.isSafeInteger(maxExclusive) ||
        range < 1 ||
        range > TWO_POW_32
      ) {
        throw new RangeError(
          `Random int range must be safe integers with 1 <= max - min <= 2^32; got [${minInclusive}, ${maxExclusive})`,
        );
      }
      // Rejection sampling: draws at or above `limit` would favour the low values.
      const limit = TWO_POW_32 - (TWO_POW_32 % range);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return minInclusive + (x % range);
    },
    bytes(n) {
      if (!Number.isInteger(n) || n < 0) {
        throw new RangeError(`Random bytes count must be a non-negative integer; got ${n}`);
      }
      return fill(new Uint8Array(n), n);
    },
    fill,
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
}

/** cyrb128 (bryc, public domain): a string to 96 well-mixed bits for seeding. */
function hashString(s: string): [number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < s.length; i++) {
    const k = s.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0];
}
