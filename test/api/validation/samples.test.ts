import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Microversion } from '../../../src/api/microversion.js';
import {
  ACTION_SCHEMAS,
  createServerSchema,
  METADATA_SCHEMAS,
  TAG_SCHEMAS,
  updateServerSchema,
} from '../../../src/api/validation/schemas/index.js';
import { isValid, type Schema } from '../../../src/api/validation/validate.js';
import { SAMPLES_DIR } from '../../support/samples.js';
import { rejection } from './helpers.js';

const ROOT = SAMPLES_DIR;

const FOLDERS = [
  'servers',
  'os-rescue',
  'os-shelve',
  'os-lock-server',
  'os-pause-server',
  'os-suspend-server',
  'os-server-start-stop',
  'os-migrate-server',
  'os-evacuate',
  'os-admin-actions',
  'os-multiple-create',
  'os-create-backup',
  'server-metadata',
  'os-server-tags',
];

/** Files that look like requests but belong to another API or are responses. */
const NOT_OURS: Readonly<Record<string, string>> = {
  'servers/v2.71/server-groups-post-req.json': 'an os-server-groups request',
  'os-rescue/server-rescue.json': 'the rescue response',
  'os-rescue/v2.87/server-rescue.json': 'the rescue response',
};

/**
 * Nova's own 2.90 and 2.94 create samples still carry `personality` (removed at 2.57) and
 * lack `networks` (required since 2.37); Nova's schema rejects them as they stand.
 */
const STALE_CREATE_SAMPLES = new Set([
  'servers/v2.90/server-create-req.json',
  'servers/v2.94/server-create-req.json',
]);

interface Sample {
  readonly path: string;
  readonly version: Microversion;
  readonly body: Record<string, unknown>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function versionOf(path: string): Microversion {
  const folder = basename(dirname(path));
  return /^v2\.\d+$/.test(folder) ? Microversion.of(folder.slice(1)) : Microversion.of('2.1');
}

function loadSamples(): Sample[] {
  if (!existsSync(ROOT)) return [];
  return FOLDERS.filter((folder) => existsSync(join(ROOT, folder)))
    .flatMap((folder) => filesUnder(join(ROOT, folder)))
    .map((file) => relative(ROOT, file))
    .filter((path) => path.endsWith('.json') && !/-resp/.test(path) && !(path in NOT_OURS))
    .filter(
      (path) => !path.startsWith('servers/') || /-req\.json$|\/server-action-[^/]*$/.test(path),
    )
    .sort()
    .map((path) => ({
      path,
      version: versionOf(path),
      body: JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>,
    }));
}

/** Which of our schemas a sample is a request for. */
function schemaFor(sample: Sample): Schema | undefined {
  const name = basename(sample.path);
  const v = sample.version;
  if (/server-create-req|multiple-create/.test(name)) return createServerSchema(v);
  if (/server-(update|put)-req/.test(name)) return updateServerSchema(v);
  if (name === 'server-metadata-all-req.json') return METADATA_SCHEMAS.replaceAll(v);
  if (name === 'server-metadata-req.json') return METADATA_SCHEMAS.setItem(v);
  if (name === 'server-tags-put-all-req.json') return TAG_SCHEMAS.replaceAll(v);
  const keys = Object.keys(sample.body);
  expect(keys, `${sample.path} is a one-key action body`).toHaveLength(1);
  return ACTION_SCHEMAS[keys[0]!]?.(v);
}

const samples = loadSamples();

describe.skipIf(samples.length === 0)(`request bodies match Nova's api_samples (${ROOT})`, () => {
  it('finds the samples of every folder that has requests', () => {
    expect(samples.length).toBeGreaterThan(100);
    const folders = new Set(samples.map((s) => s.path.split('/')[0]));
    for (const folder of FOLDERS) {
      if (existsSync(join(ROOT, folder))) expect(folders).toContain(folder);
    }
  });

  const current = samples.filter((s) => !STALE_CREATE_SAMPLES.has(s.path));
  it.each(current.map((s) => [s.path, s] as const))('%s', (_path, sample) => {
    const schema = schemaFor(sample);
    expect(schema, `a schema at ${sample.version}`).toBeDefined();
    expect(isValid(schema!, sample.body)).toBe(true);
  });

  const stale = samples.filter((s) => STALE_CREATE_SAMPLES.has(s.path));
  it.each(stale.map((s) => [s.path, s] as const))(
    '%s is rejected as it stands, and accepted once brought up to its version',
    (_path, sample) => {
      const schema = createServerSchema(sample.version);
      const server = sample.body.server as Record<string, unknown>;
      expect(rejection(schema, sample.body)).toMatch(/'networks' is a required property$/);
      const withNetworks: Record<string, unknown> = { ...server, networks: 'auto' };
      expect(rejection(schema, { ...sample.body, server: withNetworks })).toMatch(
        /\('personality' was unexpected\)$/,
      );
      const { personality: _dropped, ...current } = withNetworks;
      expect(rejection(schema, { ...sample.body, server: current })).toBeUndefined();
    },
  );
});
