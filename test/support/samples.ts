import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Nova's api_samples, vendored under test/fixtures/nova (Apache-2.0, see its LICENSE). */
export const SAMPLES_DIR =
  process.env.NOVA_API_SAMPLES ??
  fileURLToPath(new URL('../fixtures/nova/api_samples', import.meta.url));

export interface SampleFile {
  /** e.g. `os-shelve/v2.91/os-unshelve-az.json` */
  readonly path: string;
  readonly folder: string;
  /** The microversion of its v2.N folder, 2.1 in the base folder. */
  readonly version: string;
  readonly name: string;
  readonly json: unknown;
}

export function sampleFiles(folder: string): SampleFile[] {
  const root = join(SAMPLES_DIR, folder);
  if (!existsSync(root)) throw new Error(`Nova's api_samples are missing at ${root}`);
  const out: SampleFile[] = [];
  const walk = (dir: string, version: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, entry.name.replace(/^v/, ''));
      else if (entry.name.endsWith('.json')) {
        out.push({
          path: relative(SAMPLES_DIR, full),
          folder,
          version,
          name: entry.name,
          json: JSON.parse(readFileSync(full, 'utf8')),
        });
      }
    }
  };
  walk(root, '2.1');
  return out;
}

/** The sample file at a path, or undefined. */
export function sampleAt(path: string): unknown {
  const full = join(SAMPLES_DIR, path);
  return existsSync(full) ? JSON.parse(readFileSync(full, 'utf8')) : undefined;
}

/** Keys whose value may be null where a sample shows a filled one. */
const NULLABLE = new Set([
  'trusted_image_certificates',
  'locked_reason',
  'description',
  'key_name',
  'user_data',
  'pinned_availability_zone',
]);

/** Keys whose values are user data: compared as "an object", not key by key. */
const OPAQUE = new Set([
  'metadata',
  'extra_specs',
  'scheduler_hints',
  'properties',
  'addresses',
  'meta',
  'rules',
  // Maps keyed by host name: os-instance_usage_audit_log's log, availability-zone hosts.
  'log',
  'hosts',
]);

/**
 * The differences between two JSON shapes: missing and extra keys, recursively;
 * lists compare their first elements.
 */
export function shapeDiff(expected: unknown, actual: unknown, path = ''): string[] {
  if (isObject(expected)) {
    if (!isObject(actual))
      return [`${path || '/'}: expected an object, got ${JSON.stringify(actual)}`];
    const diffs: string[] = [];
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) diffs.push(`${path}/${key}: missing`);
      else if (OPAQUE.has(key) || (NULLABLE.has(key) && actual[key] === null)) continue;
      else diffs.push(...shapeDiff(expected[key], actual[key], `${path}/${key}`));
    }
    for (const key of Object.keys(actual))
      if (!(key in expected)) diffs.push(`${path}/${key}: unexpected`);
    return diffs;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list`];
    if (expected.length === 0 || actual.length === 0) return [];
    return shapeDiff(expected[0], actual[0], `${path}/0`);
  }
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
