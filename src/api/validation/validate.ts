import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { NovaError } from '../../errors/nova-error.js';
import { firstError } from './first-error.js';
import { pythonRepr } from './python-repr.js';

// ajv-formats ships CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

/** A JSON Schema as Nova writes them (draft 4 style, jsonschema semantics). */
export type Schema = Record<string, unknown>;

const ajv = new Ajv({ allErrors: false, strict: false, validateFormats: true, verbose: true });
addFormats(ajv);
// Nova's own formats (nova/api/validation/validators.py).
ajv.addFormat(
  'uuid',
  /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/,
);
ajv.addFormat('base64', (text: string) => isBase64(text));
ajv.addFormat('name', (text: string) => text.trim() === text && /^[\P{C}]*$/u.test(text));
ajv.addFormat('name_with_leading_trailing_spaces', (text: string) => /^[\P{C}]*$/u.test(text));
ajv.addFormat(
  'az_name',
  (text: string) => text.trim() === text && /^[\P{C}]*$/u.test(text) && !text.includes(':'),
);

const compiled = new WeakMap<Schema, ValidateFunction>();
/**
 * Handlers that build their schema per request (by microversion) hand a new object each
 * time: keyed by its text, it is compiled once, not once per request (issue 14).
 */
const compiledByText = new Map<string, ValidateFunction>();

/** How many validators were compiled: one per distinct schema text (tests read it). */
export function compiledValidatorCount(): number {
  return compiledByText.size;
}

function compile(schema: Schema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    const text = JSON.stringify(schema);
    fn = compiledByText.get(text);
    if (!fn) {
      fn = ajv.compile(schema);
      compiledByText.set(text, fn);
    }
    compiled.set(schema, fn);
  }
  return fn;
}

/**
 * Validates a request body and throws Nova's 400 with the message its jsonschema-based
 * validator would give (`Invalid input for field/attribute <f>. Value: <v>. <why>`).
 *
 * @example
 * validateBody(createSchema, ctx.body);
 */
export function validateBody(schema: Schema, body: unknown): void {
  const fn = compile(schema);
  if (fn(body)) return;
  const error = failure(fn, schema, body);
  throw NovaError.badRequest(error ? describe(error, body, 'field/attribute') : 'Invalid input');
}

/**
 * The error jsonschema raises first: the schema's keywords walked in their own order
 * (`firstError`). Should the walk find nothing, ajv's: it stops at the first failing
 * keyword and lists what failed inside it before it (a oneOf's branches, then the oneOf),
 * so the last entry is that keyword's own error, the one Nova reports.
 */
function failure(fn: ValidateFunction, schema: Schema, body: unknown): ErrorObject | undefined {
  return firstError(compile, schema, body) ?? fn.errors?.at(-1);
}

/** Whether a body satisfies a schema, without throwing. */
export function isValid(schema: Schema, body: unknown): boolean {
  return compile(schema)(body);
}

/**
 * jsonschema's message for the first error of a body (what other services built on
 * jsonschema, like Glance, put in their 400s), or undefined when the body is valid.
 *
 * @example
 * schemaMessage({ enum: ['a'] }, 'b'); // "'b' is not one of ['a']"
 */
export function schemaMessage(schema: Schema, body: unknown): string | undefined {
  const fn = compile(schema);
  if (fn(body)) return undefined;
  const error = failure(fn, schema, body);
  if (!error) return 'Invalid input';
  const path = error.instancePath.split('/').slice(1).map(unescapePointer);
  return jsonschemaMessage(error, valueAt(body, path));
}

function describe(error: ErrorObject, root: unknown, what: string): string {
  const path = error.instancePath.split('/').slice(1).map(unescapePointer);
  const value = valueAt(root, path);
  const message = jsonschemaMessage(error, value);
  if (error.keyword === 'format' && error.params.format === 'name') {
    return "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.";
  }
  // Nova names the innermost field; for a missing property that is the object holding it.
  const field = path.at(-1);
  if (field === undefined) return message;
  // Nova formats the value with %s: a string shows bare, anything else as Python prints it.
  const shown = typeof value === 'string' ? value : pythonRepr(value);
  return `Invalid input for ${what} ${field}. Value: ${shown}. ${message}`;
}

function jsonschemaMessage(error: ErrorObject, value: unknown): string {
  const repr = pythonRepr(value);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `'${String(p.missingProperty)}' is a required property`;
    case 'additionalProperties': {
      // ajv names one extra key; jsonschema names them all, sorted, and sorts the patterns.
      const parent = (error.parentSchema as Schema | undefined) ?? {};
      const patterns = Object.keys((parent.patternProperties as Schema | undefined) ?? {});
      const extras = extraKeys(parent, value, patterns);
      if (extras.length === 0) extras.push(String(p.additionalProperty));
      const joined = extras.map((key) => pythonRepr(key)).join(', ');
      if (patterns.length > 0) {
        const regexes = [...patterns].sort(byCodePoint).map((x) => pythonRepr(x));
        return `${joined} ${extras.length === 1 ? 'does' : 'do'} not match any of the regexes: ${regexes.join(', ')}`;
      }
      return `Additional properties are not allowed (${joined} ${extras.length === 1 ? 'was' : 'were'} unexpected)`;
    }
    case 'type': {
      const types = String(p.type).split(',');
      return `${repr} is not of type ${types.map((t) => `'${t === 'null' ? 'null' : t}'`).join(', ')}`;
    }
    case 'enum':
      return `${repr} is not one of ${pythonRepr(p.allowedValues)}`;
    case 'const':
      return `${pythonRepr(p.allowedValue)} was expected`;
    case 'minLength':
    case 'minItems':
    case 'maxLength':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      return sizeMessage(repr, error.keyword, Number(p.limit));
    case 'pattern':
      return `${repr} does not match ${pythonRepr(String(p.pattern))}`;
    case 'format':
      return `${repr} is not a '${String(p.format)}'`;
    case 'minimum':
      return `${repr} is less than the minimum of ${String(p.limit)}`;
    case 'maximum':
      return `${repr} is greater than the maximum of ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `${repr} is less than or equal to the minimum of ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `${repr} is greater than or equal to the maximum of ${String(p.limit)}`;
    case 'uniqueItems':
      return `${repr} has non-unique elements`;
    case 'oneOf':
    case 'anyOf':
      return `${repr} is not valid under any of the given schemas`;
    case 'not':
      return `${repr} should not be valid under the given schema`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** jsonschema's `find_additional_properties`, sorted as Python sorts strings. */
function extraKeys(schema: Schema, value: unknown, patterns: readonly string[]): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const known = (schema.properties as Schema | undefined) ?? {};
  const regexes = patterns.map((pattern) => new RegExp(pattern, 'u'));
  return Object.keys(value)
    .filter((key) => !Object.hasOwn(known, key) && !regexes.some((regex) => regex.test(key)))
    .sort(byCodePoint);
}

/** Python's string order: by code point (JavaScript's default compares UTF-16 units). */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((ch) => ch.codePointAt(0) ?? 0);
  const y = [...b].map((ch) => ch.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return x.length - y.length;
}

const SIZE_WORDS: Readonly<
  Record<string, readonly [edge: number, edgeWords: string, words: string]>
> = {
  minLength: [1, 'should be non-empty', 'is too short'],
  minItems: [1, 'should be non-empty', 'is too short'],
  minProperties: [1, 'should be non-empty', 'does not have enough properties'],
  maxLength: [0, 'is expected to be empty', 'is too long'],
  maxItems: [0, 'is expected to be empty', 'is too long'],
  maxProperties: [0, 'is expected to be empty', 'has too many properties'],
};

/**
 * jsonschema's message for a size keyword. Nova master runs jsonschema 4.26 (openstack/
 * requirements upper-constraints; Nova's own tests accept both wordings since 4.23), which
 * says `should be non-empty` for a minimum of 1 and `is expected to be empty` for a
 * maximum of 0; other limits keep the older words.
 *
 * @example
 * sizeMessage("''", 'minLength', 1); // "'' should be non-empty"
 */
export function sizeMessage(repr: string, keyword: string, limit: number): string {
  const [edge, edgeWords, words] = SIZE_WORDS[keyword] ?? [Number.NaN, '', 'is invalid'];
  return `${repr} ${limit === edge ? edgeWords : words}`;
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

const BASE64_ALPHABET = /[A-Za-z0-9+/]/;

/**
 * What Nova's base64 format accepts: oslo's decode_as_bytes, i.e. Python's non-strict
 * `base64.b64decode`. Characters outside the alphabet are skipped (so `"%%%"` decodes to
 * nothing and passes), `=` ends the data once it completes a quad, and the data must end
 * on a whole quad. Non-ASCII text fails (it cannot be decoded as ASCII).
 */
export function isBase64(text: string): boolean {
  let quadPos = 0;
  let pads = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) > 0x7f) return false;
    if (ch === '=') {
      pads += 1;
      if (quadPos >= 2 && quadPos + pads >= 4) return true;
      continue;
    }
    if (!BASE64_ALPHABET.test(ch)) continue;
    pads = 0;
    quadPos = (quadPos + 1) % 4;
  }
  return quadPos === 0;
}
