import type { CloudOptions } from '../cloud.js';
import { checkServeConfig } from '../options/check.js';
import type { IdentityInput } from './identity/directory.js';

/** A `--config` file: the cloud's options plus the users and projects Keystone serves. */
export interface ServeConfig extends Omit<CloudOptions, 'restore' | 'trace'> {
  readonly identity?: IdentityInput;
}

const CLOUD_KEYS = ['seed', 'hosts', 'config', 'catalog', 'epochMs'] as const;

/**
 * Checks a parsed `--config` file `{ seed, hosts, config, catalog, epochMs, identity }`
 * against the one options schema; throws an error naming the file and the key path.
 *
 * @example
 * const config = parseServeConfig(JSON.parse(text), 'sim.json');
 */
export function parseServeConfig(value: unknown, source: string): ServeConfig {
  checkServeConfig(value, source);
  return value as ServeConfig;
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
