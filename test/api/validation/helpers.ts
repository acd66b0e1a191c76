import { expect } from 'vitest';
import { Microversion } from '../../../src/api/microversion.js';
import { type Schema, validateBody } from '../../../src/api/validation/validate.js';
import { NovaError } from '../../../src/errors/nova-error.js';

export const v = (text: string): Microversion => Microversion.of(text);

/** The message of the 400 a body gets, or undefined when it is accepted. */
export function rejection(schema: Schema | undefined, body: unknown): string | undefined {
  expect(schema).toBeDefined();
  try {
    validateBody(schema!, body);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(NovaError);
    expect((error as NovaError).code).toBe(400);
    return (error as NovaError).message;
  }
}

/** Every microversion from 2.1 up to `max`. */
export function allVersions(max = 104): Microversion[] {
  return Array.from({ length: max }, (_, i) => new Microversion(2, i + 1));
}

/** Nova's message for a `name`-format failure, whatever the field. */
export const NAME_MESSAGE =
  "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.";
