import { NovaError } from '../errors/nova-error.js';

/** Version literals of our own code, parsed once. */
const LITERALS = new Map<string, Microversion>();

/** A compute API microversion, e.g. 2.47. */
export class Microversion {
  readonly major: number;
  readonly minor: number;
  #text: string | undefined;

  constructor(major: number, minor: number) {
    this.major = major;
    this.minor = minor;
  }

  static parse(text: string): Microversion | undefined {
    const match = /^([1-9]\d*)\.([1-9]\d*|0)$/.exec(text);
    if (!match) return undefined;
    return new Microversion(Number(match[1]), Number(match[2]));
  }

  /** Parses a version literal of our own code (cached: views compare against many); throws on a typo. */
  static of(text: string): Microversion {
    let version = LITERALS.get(text);
    if (version) return version;
    version = Microversion.parse(text);
    if (!version) throw new Error(`not a microversion: ${text}`);
    LITERALS.set(text, version);
    return version;
  }

  compare(other: Microversion | string): number {
    const o = typeof other === 'string' ? Microversion.of(other) : other;
    return this.major - o.major || this.minor - o.minor;
  }

  /** At least this version (`version.atLeast('2.47')`). */
  atLeast(other: Microversion | string): boolean {
    return this.compare(other) >= 0;
  }

  below(other: Microversion | string): boolean {
    return this.compare(other) < 0;
  }

  toString(): string {
    // Every request's headers spell its version: worked out once per version object.
    this.#text ??= `${this.major}.${this.minor}`;
    return this.#text;
  }
}

export const MIN_MICROVERSION = new Microversion(2, 1);

/**
 * The version a request asks for (`OpenStack-API-Version: compute X.Y`, or the legacy
 * `X-OpenStack-Nova-API-Version`), defaulting to 2.1; throws Nova's 400 or 406.
 */
export function requestedMicroversion(
  headers: Readonly<Record<string, string>>,
  max: Microversion,
): Microversion {
  let text: string | undefined;
  const modern = headers['openstack-api-version'];
  if (modern !== undefined) {
    // "compute 2.47" possibly among other services' versions, comma separated.
    for (const part of modern.split(',')) {
      const [service, value] = part.trim().split(/\s+/);
      if (service?.toLowerCase() === 'compute') text = value ?? '';
    }
  }
  text ??= headers['x-openstack-nova-api-version'];
  if (text === undefined) return MIN_MICROVERSION;
  // Nova compares with 'latest' exactly; anything else must parse (`2.latest` is a 400).
  if (text.trim() === 'latest') return max;
  const version = Microversion.parse(text.trim());
  if (!version) {
    throw NovaError.badRequest(
      `API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  }
  if (version.below(MIN_MICROVERSION) || version.compare(max) > 0) {
    throw new NovaError(
      406,
      `Version ${text} is not supported by the API. Minimum is ${MIN_MICROVERSION} and maximum is ${max}.`,
    );
  }
  return version;
}
