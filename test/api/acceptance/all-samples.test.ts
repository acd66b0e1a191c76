import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXCHANGES, type Exchange, folderOf, nameOf, replay } from '../../support/sample-replay.js';
import { SAMPLES_DIR } from '../../support/samples.js';

/**
 * Every exchange of every api_samples folder, replayed against a fresh cloud: the request
 * sample at its microversion to the method and path api-ref documents it under
 * (sample-exchanges.json), the documented code, and the response's key shape.
 *
 * NOT_YET lists what the simulator does not answer yet, by folder or by sample file, with
 * the reason. It must stay honest: an entry whose samples all pass fails the test, so the
 * list shrinks as APIs land.
 */
const NOT_YET: Readonly<Record<string, string>> = {
  // Services the simulator does not have.
  'os-baremetal-nodes/baremetal-node-list-resp.json':
    'Ironic is not simulated: the proxy has no nodes to list',
  'os-baremetal-nodes/baremetal-node-get-resp.json':
    'Ironic is not simulated: the proxy has no node to show',
  'os-server-shares':
    'Manila is not simulated: Nova master without Manila and virtiofs refuses the attach (409) and shows no share',
  'os-volumes/os-volumes-post-req.json':
    "the sample creates (a proxy up to 2.35) in zone 'dublin', which Cinder refuses (400), and shows the new volume attached",
  // Swap is Cinder's call while it migrates a volume: master answers 409 "not migrating"
  // otherwise, and Cinder's volume migration is not simulated.
  ...Object.fromEntries(
    ['', 'v2.49/', 'v2.70/', 'v2.79/', 'v2.85/'].map((dir) => [
      `os-volume_attachments/${dir}update-volume-req.json`,
      'a swap needs a volume Cinder is migrating (master: 409 otherwise); not simulated',
    ]),
  ),
  // Master differs from the sample.
  'os-server-external-events/event-create-req.json':
    "master's schema refuses the sample's event name `test-event` (400): names are an enum",
  // Cells are not simulated.
  'servers/v2.69/server-get-resp.json': 'cells are not simulated: a down cell minimal record',
  'servers/v2.69/servers-details-resp.json': 'cells are not simulated: down cell minimal records',
  'servers/v2.69/servers-list-resp.json': 'cells are not simulated: down cell minimal records',
  'servers/v2.71/server-get-down-cell-resp.json': 'cells are not simulated: a down cell record',
  'os-services/v2.69/services-list-get-resp.json':
    'cells are not simulated: a down cell minimal service record',
};

function entryFor(ex: Exchange): string | undefined {
  if (ex.request && NOT_YET[ex.request]) return ex.request;
  if (ex.response && NOT_YET[ex.response]) return ex.response;
  return NOT_YET[folderOf(ex)] ? folderOf(ex) : undefined;
}

function problemsOf(ex: Exchange): readonly string[] {
  try {
    return replay(ex).problems;
  } catch (error) {
    return [`threw ${String(error)}`];
  }
}

describe("Nova's api_samples: every exchange of every folder", () => {
  it('covers every folder of api_samples', () => {
    const folders = readdirSync(SAMPLES_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.length).toBe(73);
    expect(new Set(EXCHANGES.map(folderOf))).toEqual(new Set(folders));
  });

  it('lists only known folders and files in NOT_YET', () => {
    const known = new Set([
      ...EXCHANGES.map(folderOf),
      ...EXCHANGES.flatMap((ex) => [ex.request, ex.response]),
    ]);
    expect(Object.keys(NOT_YET).filter((key) => !known.has(key))).toEqual([]);
  });

  const listed = new Map<string, Exchange[]>();
  for (const ex of EXCHANGES) {
    const entry = entryFor(ex);
    if (entry) {
      listed.set(entry, [...(listed.get(entry) ?? []), ex]);
      continue;
    }
    it(`${nameOf(ex)} at ${ex.version}`, () => {
      expect(problemsOf(ex)).toEqual([]);
    });
  }

  for (const [entry, exchanges] of listed) {
    it(`${entry} is still not simulated (${NOT_YET[entry]})`, () => {
      const failing = exchanges.filter((ex) => problemsOf(ex).length > 0);
      expect(
        failing.length,
        `every sample of ${entry} passes now: take it off NOT_YET`,
      ).toBeGreaterThan(0);
    });
  }
});
