import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext } from '../../context.js';

/**
 * The action of a `POST …/action` body, as Nova's dispatcher reads it: one key naming the
 * action (else `Malformed request body`), which must be one of `known` (else `There is no
 * such action`). Returns the key and its value.
 *
 * @example
 * const [action, args] = actionOf(ctx, ['add_host', 'remove_host', 'set_metadata']);
 */
export function actionOf(ctx: ApiContext, known: readonly string[]): [string, unknown] {
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw NovaError.badRequest('Malformed request body');
  }
  const keys = Object.keys(body);
  if (keys.length !== 1) throw NovaError.badRequest('Malformed request body');
  const key = keys[0]!;
  if (!known.includes(key)) throw NovaError.badRequest(`There is no such action: ${key}`);
  return [key, (body as Record<string, unknown>)[key]];
}
