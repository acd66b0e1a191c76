import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext } from '../../context.js';
import { actionPeek } from '../action-peek.js';

/**
 * The action of a `POST …/action` body, as Nova's dispatcher reads it: one key naming the
 * action (`actionPeek`: else `Malformed request body`, or a bare 404 for a one-item list),
 * which must be one of `known` (else `There is no such action`). Returns the key and value.
 *
 * @example
 * const [action, args] = actionOf(ctx, ['add_host', 'remove_host', 'set_metadata']);
 */
export function actionOf(ctx: ApiContext, known: readonly string[]): [string, unknown] {
  const key = actionPeek(ctx.body);
  if (!known.includes(key)) throw NovaError.badRequest(`There is no such action: ${key}`);
  return [key, (ctx.body as Record<string, unknown>)[key]];
}
