import { customRandom } from 'nanoid';
import type { Random } from './prng.js';

/** Nova's `DEFAULT_PASSWORD_SYMBOLS`: digits, then letters, without look-alikes (0 1 I O l). */
export const PASSWORD_SYMBOL_GROUPS: readonly string[] = [
  '23456789',
  'ABCDEFGHJKLMNPQRSTUVWXYZ',
  'abcdefghijkmnopqrstuvwxyz',
];
const PASSWORD_SYMBOLS = PASSWORD_SYMBOL_GROUPS.join('');

/** Nova's reservation id alphabet, '0' twice included (so '0' is twice as likely), as Nova has it. */
const RESERVATION_ALPHABET = '01234567890abcdefghijklmnopqrstuvwxyz';

const HEX_DIGITS = '0123456789abcdef';

// nanoid's customRandom binds its byte source once, at creation. The generators below
// read from `source`, set just before each synchronous call, and share one scratch buffer,
// so an id costs no allocation beyond its string.
let source: Random | undefined;
const scratch = new Uint8Array(256);

function sourceBytes(size: number): Uint8Array {
  return source!.fill(size <= scratch.length ? scratch : new Uint8Array(size), size);
}

const reservationChars = customRandom(RESERVATION_ALPHABET, 8, sourceBytes);
const hexChars = customRandom(HEX_DIGITS, 32, sourceBytes);

/**
 * A random RFC 4122 version-4 UUID in lowercase, e.g. a server or port id.
 *
 * @example
 * uuid4(rng); // 'f47ac10b-58cc-4372-a567-0e02b2c3d479'
 */
export function uuid4(rng: Random): string {
  const a = rng.nextUint32();
  const b = rng.nextUint32();
  const c = rng.nextUint32();
  const d = rng.nextUint32();
  // Char codes into one scratch array, then one flat string: a template of 20 parts built
  // a tree of ~20 cons strings (~580 bytes) per id, flattened again on its first hash.
  hexByte(0, a >>> 24);
  hexByte(2, (a >>> 16) & 255);
  hexByte(4, (a >>> 8) & 255);
  hexByte(6, a & 255);
  hexByte(9, b >>> 24);
  hexByte(11, (b >>> 16) & 255);
  // Version nibble 4 in byte 6, variant bits 10 in byte 8.
  hexByte(14, ((b >>> 8) & 0x0f) | 0x40);
  hexByte(16, b & 255);
  hexByte(19, ((c >>> 24) & 0x3f) | 0x80);
  hexByte(21, (c >>> 16) & 255);
  hexByte(24, (c >>> 8) & 255);
  hexByte(26, c & 255);
  hexByte(28, d >>> 24);
  hexByte(30, (d >>> 16) & 255);
  hexByte(32, (d >>> 8) & 255);
  hexByte(34, d & 255);
  return String.fromCharCode.apply(null, UUID_CODES);
}

/** A UUID's 36 char codes, dashes in place; uuid4 fills in the hex digits. */
const UUID_CODES: number[] = Array.from({ length: 36 }, () => 0x2d);
const HEX_CODES: readonly number[] = Array.from({ length: 16 }, (_, i) => HEX_DIGITS.charCodeAt(i));

function hexByte(at: number, byte: number): void {
  UUID_CODES[at] = HEX_CODES[byte >>> 4]!;
  UUID_CODES[at + 1] = HEX_CODES[byte & 15]!;
}

/**
 * A Nova request id, as returned in `x-openstack-request-id`.
 *
 * @example
 * requestId(rng); // 'req-f47ac10b-58cc-4372-a567-0e02b2c3d479'
 */
export function requestId(rng: Random): string {
  return `req-${uuid4(rng)}`;
}

/**
 * A server admin password as Nova's `utils.generate_password` makes it: one character
 * from each symbol group, the rest from all groups, shuffled.
 *
 * @example
 * adminPass(rng); // 'Vq7mXz3kPbAe'
 */
export function adminPass(rng: Random, length = 12): string {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`adminPass length must be a non-negative integer; got ${length}`);
  }
  const groups = PASSWORD_SYMBOL_GROUPS;
  const chars: string[] = groups.map((g) => g[rng.int(0, g.length)]!);
  // As Nova does: shuffle then truncate, so a length below the group count is not predictable.
  shuffle(rng, chars);
  chars.length = Math.min(chars.length, length);
  while (chars.length < length) chars.push(PASSWORD_SYMBOLS[rng.int(0, PASSWORD_SYMBOLS.length)]!);
  shuffle(rng, chars);
  return chars.join('');
}

/**
 * A reservation id as Nova's `utils.generate_uid('r')` makes it: `r-` and 8 characters.
 *
 * @example
 * reservationId(rng); // 'r-0k2ch9zq'
 */
export function reservationId(rng: Random): string {
  source = rng;
  return `r-${reservationChars(8)}`;
}

/**
 * `n` random lowercase hex digits.
 *
 * @example
 * hexId(rng, 32); // '9c1185a5c5e9fc54612808977ee8f548'
 */
export function hexId(rng: Random, n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`hexId length must be a non-negative integer; got ${n}`);
  }
  source = rng;
  return hexChars(n);
}

/** Fisher–Yates from the end, as Python's `random.shuffle`. */
function shuffle<T>(rng: Random, items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
}
