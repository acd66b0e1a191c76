import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverDetail, serverUpdateView } from '../../../src/api/views/server.js';
import type { Cloud } from '../../../src/cloud.js';
import type { Server } from '../../../src/compute/server.js';
import { SAMPLES_DIR } from '../../support/samples.js';
import { activeServer, apiContext, testCloud } from './context.js';
import { shapeDiff } from './shape.js';

const SAMPLES = join(SAMPLES_DIR, 'servers');

type Kind = 'show' | 'detail' | 'update' | 'rebuild';

const FILES: Readonly<Record<string, Kind>> = {
  'server-get-resp.json': 'show',
  'servers-details-resp.json': 'detail',
  'server-update-resp.json': 'update',
  'server-action-rebuild-resp.json': 'rebuild',
};

/** 2.69's samples are down-cell minimal records (§4.9), which a simulator without cells never shows. */
const SKIPPED_FOLDERS = new Set(['v2.69']);

interface Sample {
  readonly name: string;
  readonly version: string;
  readonly kind: Kind;
  readonly admin: boolean;
  readonly body: Record<string, unknown>;
}

function loadSamples(): Sample[] {
  if (!existsSync(SAMPLES)) throw new Error(`Nova's api_samples are missing at ${SAMPLES}`);
  const folders = ['', ...readdirSync(SAMPLES).filter((d) => /^v2\.\d+$/.test(d))];
  const samples: Sample[] = [];
  for (const folder of folders) {
    if (SKIPPED_FOLDERS.has(folder)) continue;
    for (const [file, kind] of Object.entries(FILES)) {
      const path = join(SAMPLES, folder, file);
      if (!existsSync(path)) continue;
      const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      const body = (kind === 'detail' ? (json.servers as unknown[])[0] : json.server) as Record<
        string,
        unknown
      >;
      samples.push({
        name: `${folder || 'v2.1'}/${file}`,
        version: folder === '' ? '2.1' : folder.slice(1),
        kind,
        // Nova's functional tests render some samples as admin: those show OS-EXT-SRV-ATTR:host.
        admin: 'OS-EXT-SRV-ATTR:host' in body,
        body,
      });
    }
  }
  return samples;
}

let shared: { cloud: Cloud; server: Server } | undefined;

/**
 * One ACTIVE server shaped like the samples' (built once, read by every case), with a
 * `same_host` hint naming a server built before it, as in the 2.100 samples.
 */
function fixture(): { cloud: Cloud; server: Server } {
  if (!shared) {
    const cloud = testCloud();
    const first = activeServer(cloud, { name: 'first' });
    const server = activeServer(cloud, { schedulerHints: { same_host: [first.id] } });
    shared = { cloud, server };
  }
  return shared;
}

function render(sample: Sample, admin = sample.admin): Record<string, unknown> {
  const { cloud, server } = fixture();
  const ctx = apiContext(cloud, { version: sample.version, admin });
  switch (sample.kind) {
    case 'show':
      return serverDetail(ctx, server);
    case 'detail':
      return serverDetail(ctx, server, { list: true });
    case 'update':
      return serverUpdateView(ctx, server);
    case 'rebuild':
      // The rebuild handler adds the new adminPass; the view has everything else.
      return { ...serverUpdateView(ctx, server, { rebuild: true }), adminPass: 'seekr3t' };
  }
}

/** PUT and rebuild bodies before 2.75 have no admin-only keys at all. */
function baseForm(sample: Sample): boolean {
  return (
    (sample.kind === 'update' || sample.kind === 'rebuild') &&
    Number(sample.version.split('.')[1]) < 75
  );
}

/** Keys an admin sees and a member does not, at a version. */
function adminOnlyKey(key: string, version: string): boolean {
  if (key === 'host_status') return true;
  if (!key.startsWith('OS-EXT-SRV-ATTR:')) return false;
  const minor = Number(version.split('.')[1]);
  return !(key === 'OS-EXT-SRV-ATTR:hostname' && minor >= 90);
}

const samples = loadSamples();

describe(`server views match Nova's api_samples (${SAMPLES})`, () => {
  it('finds the samples of every microversion that changed the server shape', () => {
    expect(samples.length).toBeGreaterThanOrEqual(50);
    expect(samples.filter((s) => s.admin).length).toBeGreaterThan(10);
    expect(samples.filter((s) => !s.admin && s.kind === 'show').length).toBeGreaterThan(3);
  });

  it.each(samples.map((s) => [s.name, s] as const))('%s has the same keys', (_name, sample) => {
    expect(shapeDiff(render(sample), sample.body)).toEqual([]);
  });

  const adminSamples = samples.filter((s) => s.admin);
  it.each(adminSamples.map((s) => [s.name, s] as const))(
    '%s without the admin-only keys for a member',
    (_name, sample) => {
      const ours = Object.keys(render(sample, false)).sort();
      const expected = Object.keys(sample.body)
        .filter((key) => !adminOnlyKey(key, sample.version))
        .sort();
      expect(ours).toEqual(expected);
    },
  );

  const memberSamples = samples.filter((s) => !s.admin);
  it.each(memberSamples.map((s) => [s.name, s] as const))(
    '%s plus the admin-only keys for an admin',
    (_name, sample) => {
      const extra = Object.keys(render(sample, true)).filter((key) => !(key in sample.body));
      if (baseForm(sample)) {
        expect(extra).toEqual([]);
        return;
      }
      expect(extra.filter((key) => !adminOnlyKey(key, sample.version))).toEqual([]);
      expect(extra).toContain('OS-EXT-SRV-ATTR:host');
      expect(extra).toContain('host_status');
    },
  );
});
