import { NovaError } from '../../../errors/nova-error.js';

/**
 * `utils.validate_integer(id, 'id')`: Python's `int()` of the path segment, or Nova's 400.
 *
 * @example
 * integerId('42'); // 42
 */
export function integerId(text: string, name = 'id'): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text) || !Number.isSafeInteger(Number(text.trim()))) {
    throw NovaError.badRequest(`Invalid input received: ${name} must be an integer`);
  }
  return Number(text.trim());
}
