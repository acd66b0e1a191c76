import { adminPass } from '../../random/ids.js';
import type { ApiContext } from '../context.js';

/**
 * The password an action sets: the body's `adminPass`, else one from the cloud's seeded
 * PRNG (Nova's `utils.generate_password`), of the configured length.
 *
 * @example
 * const pass = password(ctx, args?.adminPass);
 */
export function password(ctx: ApiContext, given: unknown): string {
  return typeof given === 'string'
    ? given
    : adminPass(ctx.cloud.random, ctx.cloud.config.passwordLength);
}
