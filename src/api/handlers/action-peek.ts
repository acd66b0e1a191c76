import { NovaError } from '../../errors/nova-error.js';

/**
 * The action key of a `POST …/action` body, as Nova's dispatcher finds it (wsgi.py
 * `action_peek`, then `_process_stack`): the decoded body must have exactly one "key" by
 * Python's `len()`, else 400 `Malformed request body`; a JSON value without `len()` (null,
 * a number, a boolean) or without `.keys()` (a one-item list, a one-character string)
 * fails inside the lookup with a TypeError or AttributeError, which Nova answers with a
 * bare 404. An empty body does not decode: 400.
 *
 * @example
 * actionPeek({ pause: null }); // 'pause'
 * actionPeek(['pause']); // throws 404 The resource could not be found.
 */
export function actionPeek(body: unknown): string {
  if (body === undefined) throw malformed();
  if (body === null || typeof body === 'number' || typeof body === 'boolean') throw notFound();
  const size =
    typeof body === 'string'
      ? [...body].length
      : Array.isArray(body)
        ? body.length
        : Object.keys(body as object).length;
  if (size !== 1) throw malformed();
  if (typeof body === 'string' || Array.isArray(body)) throw notFound();
  return Object.keys(body as object)[0]!;
}

const malformed = () => NovaError.badRequest('Malformed request body');
const notFound = () => NovaError.notFound('The resource could not be found.');
