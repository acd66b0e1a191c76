/** Recursive key-set comparison of a view against an api_sample: values are ignored. */

/** Maps whose keys are user or operator data, not part of the API's shape. */
const FREE_FORM: ReadonlySet<string> = new Set(['metadata', 'extra_specs', 'scheduler_hints']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where `actual` and `expected` differ in shape: objects must have the same keys, lists are
 * compared by their first elements (a list empty on either side is not compared), and
 * scalars only need to be scalars where the sample has a scalar. `null` on either side is a
 * value (nullable fields such as `trusted_image_certificates`); free-form maps need only be
 * objects.
 */
export function shapeDiff(actual: unknown, expected: unknown, path = '$'): string[] {
  if (actual === null || expected === null) return [];
  if (FREE_FORM.has(path.slice(path.lastIndexOf('.') + 1))) {
    return isObject(actual) && isObject(expected) ? [] : [`${path}: expected an object`];
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    const diffs: string[] = [];
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) diffs.push(`${path}.${key}: missing`);
      else diffs.push(...shapeDiff(actual[key], expected[key], `${path}.${key}`));
    }
    for (const key of Object.keys(actual)) {
      if (!(key in expected)) diffs.push(`${path}.${key}: not in the sample`);
    }
    return diffs;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${JSON.stringify(actual)}`];
    if (expected.length === 0 || actual.length === 0) return [];
    return shapeDiff(actual[0], expected[0], `${path}[0]`);
  }
  if (isObject(actual) || Array.isArray(actual)) {
    return [`${path}: expected a scalar, got ${JSON.stringify(actual)}`];
  }
  return [];
}
