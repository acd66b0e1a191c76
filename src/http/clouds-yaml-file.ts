import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Document, isMap, parse, parseDocument } from 'yaml';
import { cloudsYaml } from './banner.js';
import type { Directory } from './identity/directory.js';
import type { Endpoints } from './types.js';

/** Where openstacksdk looks first for the user's clouds: `~/.config/openstack/clouds.yaml`. */
export function defaultCloudsYamlPath(): string {
  // HOME first, as openstacksdk's expanduser does (and as a worker thread's env can set it).
  return join(process.env.HOME || homedir(), '.config', 'openstack', 'clouds.yaml');
}

/**
 * Writes this server's clouds (`nova-sim`, `nova-sim-admin`, ...) into a clouds.yaml:
 * creates the file and its folder, or sets those entries in an existing file and leaves
 * every other cloud, key and comment as it was. Returns the names written. Throws, writing
 * nothing, when the existing file is not YAML or its `clouds` is not a mapping.
 *
 * @example
 * writeCloudsYaml(defaultCloudsYamlPath(), server.endpoints, server.identity.directory);
 * // ['nova-sim', 'nova-sim-admin']
 */
export function writeCloudsYaml(
  path: string,
  endpoints: Endpoints,
  directory: Directory,
): string[] {
  const ours = (parse(cloudsYaml(endpoints, directory)) as { clouds: Record<string, unknown> })
    .clouds;
  let existing: string | undefined;
  try {
    existing = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const parsed = parseDocument(existing ?? '');
  if (parsed.errors.length > 0) throw new Error(`${path}: not YAML (${parsed.errors[0]!.message})`);
  const doc = parsed.contents === null ? new Document({}) : parsed;
  if (!isMap(doc.contents)) throw new Error(`${path}: not a mapping at the top level`);
  const clouds = doc.get('clouds', true);
  if (clouds !== undefined && clouds !== null && !isMap(clouds)) {
    throw new Error(`${path}: 'clouds' is not a mapping`);
  }
  for (const [name, entry] of Object.entries(ours)) doc.setIn(['clouds', name], entry);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, doc.toString());
  return Object.keys(ours);
}
