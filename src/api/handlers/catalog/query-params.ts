import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext } from '../../context.js';
import { pythonRepr } from '../../validation/python-repr.js';
import { BOOLEAN_SPELLINGS } from '../../validation/schemas/parameter-types.js';
import { sizeMessage } from '../../validation/validate.js';

/**
 * The query-parameter types Nova's query schemas use (nova/api/validation/parameter_types.py):
 * every parameter arrives as a list of strings (`multi_params`), or a list of at most one
 * (`single_param`).
 */
export type QueryKind =
  | { readonly type: 'string' }
  /** `non_negative_integer`: pattern `^[0-9]*$`. */
  | { readonly type: 'int' }
  /** `boolean`: one of Nova's boolean spellings. */
  | { readonly type: 'bool' }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  /** `fqdn`-like: a length range and a pattern. */
  | {
      readonly type: 'pattern';
      readonly source: string;
      readonly minLength: number;
      readonly maxLength: number;
    };

export interface QueryParam {
  readonly kind: QueryKind;
  /** `single_param`: repeating the parameter is a 400. */
  readonly single?: boolean;
}

export type QuerySchema = Readonly<Record<string, QueryParam>>;

const STRING: QueryParam = { kind: { type: 'string' } };
const INT: QueryParam = { kind: { type: 'int' } };

/** `parameter_types.pagination_parameters` (limit and marker, repeatable). */
export const PAGINATION: QuerySchema = { limit: INT, marker: STRING };
export const MULTI_STRING = STRING;
export const MULTI_INT = INT;

/**
 * Validates the query string against a Nova query schema and throws the 400 Nova's
 * validator gives: `Invalid input for query parameters <p>. Value: <v>. <why>`, or, when
 * `strict` (the 2.75 `additionalProperties: False`), `Additional properties are not allowed`.
 *
 * @example
 * checkQuery(ctx, { ...PAGINATION, user_id: MULTI_STRING }, ctx.version.atLeast('2.75'));
 */
export function checkQuery(ctx: ApiContext, schema: QuerySchema, strict: boolean): void {
  for (const [name, param] of Object.entries(schema)) {
    const values = ctx.query.getAll(name);
    if (values.length === 0) continue;
    if (param.single && values.length > 1) {
      throw queryError(name, pythonRepr(values), `${pythonRepr(values)} is too long`);
    }
    for (const value of values) {
      const why = checkValue(param.kind, value);
      if (why !== undefined) throw queryError(name, value, why);
    }
  }
  if (!strict) return;
  const extras = ctx.query.names().filter((name) => !(name in schema));
  if (extras.length > 0) {
    const verb = extras.length === 1 ? 'was' : 'were';
    throw NovaError.badRequest(
      `Additional properties are not allowed (${extras.map((e) => pythonRepr(e)).join(', ')} ${verb} unexpected)`,
    );
  }
}

function checkValue(kind: QueryKind, value: string): string | undefined {
  switch (kind.type) {
    case 'string':
      return undefined;
    case 'int':
      return /^[0-9]*$/.test(value) ? undefined : `${pythonRepr(value)} does not match '^[0-9]*$'`;
    case 'bool':
      return BOOLEAN_SPELLINGS.includes(value)
        ? undefined
        : `${pythonRepr(value)} is not one of ${pythonRepr(BOOLEAN_SPELLINGS)}`;
    case 'enum':
      return kind.values.includes(value)
        ? undefined
        : `${pythonRepr(value)} is not one of ${pythonRepr(kind.values)}`;
    case 'pattern':
      if (value.length < kind.minLength)
        return sizeMessage(pythonRepr(value), 'minLength', kind.minLength);
      if (value.length > kind.maxLength)
        return sizeMessage(pythonRepr(value), 'maxLength', kind.maxLength);
      return new RegExp(kind.source).test(value)
        ? undefined
        : `${pythonRepr(value)} does not match '${kind.source}'`;
  }
}

// Nova formats the offending value with %s: a string shows without quotes.
function queryError(name: string, shown: string, why: string): NovaError {
  return NovaError.badRequest(
    `Invalid input for query parameters ${name}. Value: ${shown}. ${why}`,
  );
}

/**
 * oslo `strutils.bool_from_string(strict=True)`: the recognised spellings, case-insensitive
 * and trimmed; undefined for anything else.
 *
 * @example
 * parseBool('Yes'); // true
 * parseBool('maybe'); // undefined
 */
export function parseBool(text: string): boolean | undefined {
  const value = text.trim().toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(value)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(value)) return false;
  return undefined;
}

/** A JSON value read as oslo `bool_from_string` would (non-strict: unknown is false). */
export function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return parseBool(String(value)) ?? false;
}

/** Python `int(text)`: optional sign and surrounding blanks; undefined when not an integer. */
export function parseInteger(text: string): number | undefined {
  return /^\s*[+-]?\d+\s*$/.test(text) ? Number(text.trim()) : undefined;
}

/**
 * `common._get_int_param`: a page parameter as a non-negative integer, or Nova's
 * `Invalid input received: <name> must be an integer` 400.
 */
export function intParam(ctx: ApiContext, name: string): number | undefined {
  const text = ctx.query.get(name);
  if (text === undefined) return undefined;
  const value = parseInteger(text);
  if (value === undefined)
    throw NovaError.badRequest(`Invalid input received: ${name} must be an integer`);
  if (value < 0) {
    throw NovaError.badRequest(`Invalid input received: ${name} must be >= 0`);
  }
  return value;
}

/** `common.get_limit_and_marker`: the page size capped by `[api] max_limit`, and the marker. */
export function limitAndMarker(ctx: ApiContext): { limit: number; marker: string | undefined } {
  const max = ctx.cloud.config.maxLimit;
  return { limit: Math.min(max, intParam(ctx, 'limit') ?? max), marker: ctx.query.get('marker') };
}

/** `common.get_limit_and_offset`: a 0 or absent limit means `[api] max_limit`. */
export function limitAndOffset(ctx: ApiContext): { limit: number; offset: number } {
  const max = ctx.cloud.config.maxLimit;
  return {
    limit: Math.min(max, intParam(ctx, 'limit') || max),
    offset: intParam(ctx, 'offset') ?? 0,
  };
}

/** oslo `uuidutils.is_uuid_like`: 32 hex digits once hyphens, braces and `urn:uuid:` go. */
export function isUuidLike(text: string): boolean {
  const bare = text
    .toLowerCase()
    .replace(/^urn:uuid:/, '')
    .replace(/^\{|\}$/g, '')
    .replace(/-/g, '');
  return /^[0-9a-f]{32}$/.test(bare);
}
