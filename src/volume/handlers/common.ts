import { BOOLEAN_SPELLINGS } from '../../api/validation/schemas/parameter-types.js';
import type { VolumeContext } from '../context.js';
import { CinderError } from '../errors.js';
import type { Caller } from '../volume-ops.js';

export type Json = Record<string, unknown>;

const TRUE = new Set(['true', '1', 'on', 'yes', 'y', 't']);

/** oslo's bool_from_string, lenient: anything not a true spelling is false. */
export function isTrue(value: string | boolean | undefined | null): boolean {
  if (typeof value === 'boolean') return value;
  return value !== undefined && value !== null && TRUE.has(value.trim().toLowerCase());
}

/** Whether a value is one of oslo's strict boolean spellings. */
export function isBooleanSpelling(value: unknown): boolean {
  return BOOLEAN_SPELLINGS.includes(value as string | boolean);
}

export function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : {};
}

export function callerOf(ctx: VolumeContext): Caller {
  return { projectId: ctx.auth.projectId, userId: ctx.auth.userId, isAdmin: ctx.isAdmin };
}

/** A body that must be a JSON object (Cinder: "The server could not comply..."). */
export function requireBody(ctx: VolumeContext): Json {
  if (typeof ctx.body !== 'object' || ctx.body === null || Array.isArray(ctx.body)) {
    throw CinderError.badRequest(
      'The server could not comply with the request since it is either malformed or otherwise incorrect.',
    );
  }
  return ctx.body as Json;
}
