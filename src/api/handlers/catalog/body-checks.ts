import { NovaError } from '../../../errors/nova-error.js';

/** `parameter_types.name`: 1–255 printable characters, no blank at either end. */
export const NAME = { type: 'string', format: 'name', minLength: 1, maxLength: 255 } as const;

/**
 * Nova's validator applies `minimum`/`maximum` to digit strings too (it converts them
 * first); JSON Schema does not, so this repeats the range check for string values.
 * Numbers were already checked by the schema.
 *
 * @example
 * checkIntegerRange(body.flavor, 'ram', 1, 0x7fffffff);
 */
export function checkIntegerRange(
  holder: Readonly<Record<string, unknown>>,
  field: string,
  min: number,
  max: number,
): void {
  const value = holder[field];
  if (typeof value !== 'string') return;
  if (!/^\s*-?\d+\s*$/.test(value)) {
    throw NovaError.badRequest(`Invalid input received: ${field} must be an integer`);
  }
  const n = Number(value);
  if (n < min) {
    throw NovaError.badRequest(
      `Invalid input for field/attribute ${field}. Value: ${value}. ${n} is less than the minimum of ${min}`,
    );
  }
  if (n > max) {
    throw NovaError.badRequest(
      `Invalid input for field/attribute ${field}. Value: ${value}. ${n} is greater than the maximum of ${max}`,
    );
  }
}
