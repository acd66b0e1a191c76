import type { CloudOptions } from '../cloud.js';
import { checkServeConfig } from '../options/check.js';
import type { IdentityInput } from './identity/directory.js';

/** A `--config` file: the cloud's options plus the users and projects Keystone serves. */
export interface ServeConfig extends Omit<CloudOptions, 'restore' | 'trace'> {
  readonly identity?: IdentityInput;
}

const CLOUD_KEYS = ['seed', 'hosts', 'config', 'catalog', 'epochMs'] as const;
const KEYS = new Set<string>([...CLOUD_KEYS, 'identity', '$schema', 'description']);

/**
 * Checks the shape of a parsed `--config` file `{ seed, hosts, config, catalog, epochMs,
 * identity }`; throws a TypeError naming the file on anything else.
 *
 * @example
 * const config = parseServeConfig(JSON.parse(text), 'sim.json');
 */
export function parseServeConfig(value: unknown, source: string): ServeConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${source}: expected a JSON object`);
  }
  checkServeConfig(value, source);
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !KEYS.has(key));
  if (unknown.length > 0) {
    throw new TypeError(
      `${source}: unknown key(s) ${unknown.join(', ')}; expected ${[...KEYS].slice(0, 6).join(', ')}`,
    );
  }
  const seed = record.seed;
  if (seed !== undefined && typeof seed !== 'number' && typeof seed !== 'string') {
    throw new TypeError(`${source}: seed must be a number or a string`);
  }
  for (const key of ['config', 'catalog', 'identity'] as const) {
    const part = record[key];
    if (part !== undefined && (typeof part !== 'object' || part === null || Array.isArray(part))) {
      throw new TypeError(`${source}: ${key} must be an object`);
    }
  }
  return record as ServeConfig;
}

/**
 * The cloud options of a scenario file until src/scenario offers its own: its top-level
 * `seed`, `hosts`, `config` and `catalog`, as they are; steps are ignored.
 */
export function scenarioCloudOptions(value: unknown, source: string): ServeConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${source}: expected a JSON object`);
  }
  const record = value as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const key of [...CLOUD_KEYS, 'identity'])
    if (record[key] !== undefined) picked[key] = record[key];
  return parseServeConfig(picked, source);
}
