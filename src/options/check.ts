import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { didYouMean } from './did-you-mean.js';
import { CLOUD_OPTIONS_SCHEMA, SERVE_CONFIG_SCHEMA } from './schema.js';

/** A cloud option that is not in the schema, or of the wrong type. */
export class ConfigError extends TypeError {
  override readonly name = 'ConfigError';
  /** Where: `hosts.count`, `catalog.flavors[2].ram`; '' for the whole value. */
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.path = path;
  }
}

/** Also across realms: checks the name, as ky's guards do. */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof Error && error.name === 'ConfigError';
}

let ajv: Ajv | undefined;
let cloudValidator: ValidateFunction | undefined;
let serveValidator: ValidateFunction | undefined;

// Each schema is compiled on its first use (a few hundred ms of CPU each): a library user
// who never serves pays for the cloud's alone.
function compile(schema: object): ValidateFunction {
  ajv ??= new Ajv({ allErrors: true, verbose: true, strict: false });
  return ajv.compile(schema);
}

/** `/hosts/0/name` → `hosts[0].name`. */
function keyPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1);
  if (extra !== undefined) parts.push(extra);
  return parts
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : path ? `${path}.${p}` : p), '');
}

const RANK = ['additionalProperties', 'required', 'enum', 'const', 'type'];
const rank = (e: ErrorObject) => {
  const i = RANK.indexOf(e.keyword);
  return i < 0 ? RANK.length : i;
};
const depth = (e: ErrorObject) => e.instancePath.split('/').length;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** The most telling of ajv's errors, as one sentence naming the key path. */
function describe(errors: readonly ErrorObject[], source: string): ConfigError {
  const chosen = [...errors]
    .filter((e) => e.keyword !== 'anyOf')
    .sort((a, b) => depth(b) - depth(a) || rank(a) - rank(b))[0]!;
  const params = chosen.params as Record<string, unknown>;
  if (chosen.keyword === 'additionalProperties') {
    const key = String(params.additionalProperty);
    const path = keyPath(chosen.instancePath, key);
    const known = Object.keys((chosen.parentSchema as { properties?: object }).properties ?? {});
    const near = didYouMean(key, known);
    const hint = near ? `; did you mean "${near}"?` : `; known: ${known.join(', ')}`;
    return new ConfigError(`${source}: unknown option ${path}${hint}`, path);
  }
  if (chosen.keyword === 'required') {
    const path = keyPath(chosen.instancePath, String(params.missingProperty));
    return new ConfigError(`${source}: ${path} is required`, path);
  }
  const path = keyPath(chosen.instancePath);
  const what = path === '' ? 'the options' : path;
  if (chosen.keyword === 'type') {
    const types = String(params.type).split(',').join(' or ');
    return new ConfigError(
      `${source}: ${what} must be ${types}, not ${jsonType(chosen.data)}`,
      path,
    );
  }
  if (chosen.keyword === 'enum') {
    const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return new ConfigError(`${source}: ${what} must be one of ${allowed}`, path);
  }
  return new ConfigError(`${source}: ${what} ${chosen.message ?? 'is invalid'}`, path);
}

/**
 * Checks `createCloud()`'s options against {@link CLOUD_OPTIONS_SCHEMA}; throws a
 * {@link ConfigError} naming the key path, with a suggestion for a near-miss key.
 *
 * @example
 * checkCloudOptions({ hosts: { cont: 2 } });
 * // ConfigError: createCloud: unknown option hosts.cont; did you mean "count"?
 */
export function checkCloudOptions(options: unknown, source = 'createCloud'): void {
  const validate = (cloudValidator ??= compile(CLOUD_OPTIONS_SCHEMA));
  if (!validate(options)) throw describe(validate.errors ?? [], source);
}

/** The same check for a `nova-sim serve --config` file (the cloud's options and `identity`). */
export function checkServeConfig(config: unknown, source: string): void {
  const validate = (serveValidator ??= compile(SERVE_CONFIG_SCHEMA));
  if (!validate(config)) throw describe(validate.errors ?? [], source);
}
