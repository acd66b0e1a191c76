import { Microversion } from '../../microversion.js';
import type { Schema } from '../validate.js';

/** The request-body schema for a microversion, or undefined where the API does not exist. */
export type VersionedSchema = (version: Microversion) => Schema | undefined;

/** `[since, schema]`: from `since` on, until the next gate; `undefined` marks a removal. */
export type Gate = readonly [since: string, schema: Schema | undefined];

/**
 * Nova's stack of `@validation.schema(schema, min, max)` decorators as a table: the newest gate
 * at or below the requested version wins; below the first gate there is no schema.
 *
 * @example
 * const triggerCrashDump = byVersion([['2.17', TRIGGER_CRASH_DUMP]]);
 * triggerCrashDump(Microversion.of('2.16')); // undefined
 */
export function byVersion(gates: readonly Gate[]): VersionedSchema {
  const parsed = gates.map(([since, schema]) => [Microversion.of(since), schema] as const);
  return (version) => {
    let chosen: Schema | undefined;
    for (const [since, schema] of parsed) {
      if (version.atLeast(since)) chosen = schema;
    }
    return chosen;
  };
}

/**
 * The same for APIs that exist at every version: each gate's schema is built once, from the
 * gate's own version, so a request always gets the same object (which validate.ts caches
 * compiled); a version below the first gate gets the first gate's schema.
 *
 * @example
 * const update = everyVersion(['2.1', '2.19'], buildUpdate);
 */
export function everyVersion(
  gates: readonly [string, ...string[]],
  build: (version: Microversion) => Schema,
): (version: Microversion) => Schema {
  const built = gates.map(
    (since) => [Microversion.of(since), build(Microversion.of(since))] as const,
  );
  const first = built[0]![1];
  return (version) => {
    let chosen = first;
    for (const [since, schema] of built) {
      if (version.atLeast(since)) chosen = schema;
    }
    return chosen;
  };
}

/** `{type: object, properties, required, additionalProperties: false}`, Nova's usual shape. */
export function strictObject(
  properties: Readonly<Record<string, Schema>>,
  required: readonly string[] = [],
): Schema {
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

/** A whole action body, `{"<key>": <inner>}`, as Nova validates it. */
export function actionBody(key: string, inner: Schema): Schema {
  return strictObject({ [key]: inner }, [key]);
}
