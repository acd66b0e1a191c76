import type { ErrorObject, ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

/** What the walker needs from ajv: a compiled validator per (sub)schema. */
export type Compile = (schema: Schema) => ValidateFunction;

/**
 * The error Python's jsonschema raises first for a body ajv has rejected. jsonschema
 * (Nova's Draft4Validator) checks a schema's keywords in the order the schema lists them,
 * and `properties` in the order it lists the properties; ajv checks `required` and
 * `additionalProperties` before `properties` whatever the order. Where Nova's schema puts
 * `properties` first (most do), a body with a bad field and a missing one gets the bad
 * field's message from Nova: so the keywords are walked here in the schema's own order,
 * and each leaf keyword asked of ajv alone. Undefined if nothing fails (ajv's own error
 * is then used).
 *
 * @example
 * firstError(compile, schema, body); // { keyword: 'type', instancePath: '/server/name', … }
 */
export function firstError(
  compile: Compile,
  schema: unknown,
  value: unknown,
  path = '',
): ErrorObject | undefined {
  if (schema === false) return leaf(compile, { not: {} }, value, path);
  if (!isObject(schema)) return undefined;
  for (const [keyword, sub] of Object.entries(schema)) {
    const error = keywordError(compile, schema, keyword, sub, value, path);
    if (error) return error;
  }
  return undefined;
}

function keywordError(
  compile: Compile,
  schema: Schema,
  keyword: string,
  sub: unknown,
  value: unknown,
  path: string,
): ErrorObject | undefined {
  switch (keyword) {
    case 'properties':
      if (!isObject(value) || !isObject(sub)) return undefined;
      for (const [name, child] of Object.entries(sub)) {
        if (!Object.hasOwn(value, name)) continue;
        const error = firstError(compile, child, value[name], pointer(path, name));
        if (error) return error;
      }
      return undefined;
    case 'patternProperties':
      if (!isObject(value) || !isObject(sub)) return undefined;
      for (const [pattern, child] of Object.entries(sub)) {
        const regex = new RegExp(pattern, 'u');
        for (const name of Object.keys(value)) {
          if (!regex.test(name)) continue;
          const error = firstError(compile, child, value[name], pointer(path, name));
          if (error) return error;
        }
      }
      return undefined;
    case 'additionalProperties':
      return additionalError(compile, schema, sub, value, path);
    case 'items':
      if (!Array.isArray(value)) return undefined;
      for (const [index, item] of value.entries()) {
        const child = Array.isArray(sub) ? sub[index] : sub;
        if (child === undefined) break;
        const error = firstError(compile, child, item, pointer(path, String(index)));
        if (error) return error;
      }
      return undefined;
    case 'allOf':
      for (const child of Array.isArray(sub) ? sub : []) {
        const error = firstError(compile, child, value, path);
        if (error) return error;
      }
      return undefined;
    case 'additionalItems':
      // Only meaningful beside a tuple `items`: ajv needs the pair.
      return leaf(compile, { items: schema.items, additionalItems: sub }, value, path);
    default:
      return leaf(compile, { [keyword]: sub }, value, path);
  }
}

/** `additionalProperties`: false names the extra key; a schema validates each extra value. */
function additionalError(
  compile: Compile,
  schema: Schema,
  sub: unknown,
  value: unknown,
  path: string,
): ErrorObject | undefined {
  if (!isObject(value)) return undefined;
  if (sub === false) {
    const context: Schema = { additionalProperties: false };
    if (schema.properties !== undefined) context.properties = schema.properties;
    if (schema.patternProperties !== undefined)
      context.patternProperties = schema.patternProperties;
    // Only the extra keys matter here: the properties' own schemas are replaced by `true`.
    if (isObject(context.properties)) {
      context.properties = Object.fromEntries(
        Object.keys(context.properties).map((k) => [k, true]),
      );
    }
    if (isObject(context.patternProperties)) {
      context.patternProperties = Object.fromEntries(
        Object.keys(context.patternProperties).map((k) => [k, true]),
      );
    }
    const error = leaf(compile, context, value, path);
    if (error && schema.patternProperties !== undefined) error.parentSchema = schema;
    return error;
  }
  if (!isObject(sub)) return undefined;
  const known = new Set(isObject(schema.properties) ? Object.keys(schema.properties) : []);
  const patterns = isObject(schema.patternProperties)
    ? Object.keys(schema.patternProperties).map((p) => new RegExp(p, 'u'))
    : [];
  for (const name of Object.keys(value)) {
    if (known.has(name) || patterns.some((regex) => regex.test(name))) continue;
    const error = firstError(compile, sub, value[name], pointer(path, name));
    if (error) return error;
  }
  return undefined;
}

/** One keyword asked of ajv on its own; its error re-rooted at `path`. */
function leaf(compile: Compile, schema: Schema, value: unknown, path: string) {
  const fn = compile(schema);
  if (fn(value)) return undefined;
  const error = fn.errors?.at(-1);
  if (!error) return undefined;
  return { ...error, instancePath: path + error.instancePath };
}

function pointer(path: string, segment: string): string {
  return `${path}/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
