import fc from 'fast-check';

/**
 * Microversions where the servers API changes shape: 2.1, description (2.19), networks
 * required (2.37), embedded flavor (2.47), tags at create (2.52), locked_reason (2.73),
 * hostname (2.90), evacuate-to-stopped (2.95), and `latest`.
 */
export const INTERESTING_MICROVERSIONS = [
  '2.1',
  '2.19',
  '2.37',
  '2.47',
  '2.53',
  '2.73',
  '2.90',
  '2.95',
  '2.100',
  'latest',
] as const;

/**
 * A microversion to send in `OpenStack-API-Version: compute <v>`.
 *
 * @example
 * fc.sample(microversion(), 3); // e.g. ['2.37', 'latest', '2.1']
 */
export function microversion(): fc.Arbitrary<string> {
  return fc.constantFrom(...INTERESTING_MICROVERSIONS);
}
