import { describe, expect, it } from 'vitest';
import { SAMPLE_PROJECT_ID } from '../../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { sampleAt, sampleFiles, shapeDiff } from '../../support/samples.js';

/**
 * Replays every request sample of os-volume_attachments at its microversion against a
 * server and a real Cinder volume (the sample's volume ids stand for it), and checks the
 * code and the shape of the answer against the response samples of the same folder.
 */

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const MEMBER = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['member'] };
const FOLDER = 'os-volume_attachments';

function setup(): { cloud: Cloud; server: string; volume: string } {
  const cloud = createCloud({ seed: 11 });
  const res = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    auth: MEMBER,
    body: { server: { name: 'sample-server', imageRef: IMAGE, flavorRef: '1' } },
  });
  const server = res.body.server.id as string;
  const volume = cloud.request({
    service: 'volume',
    method: 'POST',
    path: `/v3/${SAMPLE_PROJECT_ID}/volumes`,
    auth: MEMBER,
    body: { volume: { size: 1 } },
  }).body.volume.id as string;
  cloud.clock.advance(60_000);
  return { cloud, server, volume };
}

function call(cloud: Cloud, method: string, path: string, version: string, body?: unknown) {
  return cloud.request({
    method,
    path: `/v2.1${path}`,
    headers: { 'OpenStack-API-Version': `compute ${version}` },
    auth: MEMBER,
    ...(body === undefined ? {} : { body }),
  });
}

/** The sample with its volume ids replaced by ours. */
function withVolume(json: unknown, volume: string): unknown {
  return JSON.parse(
    JSON.stringify(json).replace(/"volumeId":\s*"[0-9a-f-]{36}"/g, `"volumeId":"${volume}"`),
  );
}

function diffAgainst(path: string, actual: unknown): string[] {
  const expected = sampleAt(path);
  return expected === undefined ? [] : shapeDiff(expected, actual);
}

const requests = sampleFiles(FOLDER).filter((s) => s.name.endsWith('-req.json'));

describe('os-volume_attachments api_samples', () => {
  it('has request samples to replay', () => {
    expect(requests.length).toBeGreaterThanOrEqual(12);
  });

  for (const sample of requests) {
    it(`${sample.path} (${sample.version})`, () => {
      const { cloud, server, volume } = setup();
      const dir = sample.path.slice(0, sample.path.length - sample.name.length);
      const base = `/servers/${server}/os-volume_attachments`;
      const attachBody = withVolume(
        sampleAt(`${dir}attach-volume-to-server-req.json`) ??
          sampleAt(`${FOLDER}/attach-volume-to-server-req.json`),
        volume,
      );
      if (sample.name.startsWith('attach-')) {
        const res = call(cloud, 'POST', base, sample.version, withVolume(sample.json, volume));
        const newStyle = sample.version === '2.101';
        expect(res.status, JSON.stringify(res.body)).toBe(newStyle ? 202 : 200);
        if (!newStyle)
          expect(diffAgainst(`${dir}attach-volume-to-server-resp.json`, res.body)).toEqual([]);
        cloud.clock.advance(10_000);
        const list = call(cloud, 'GET', base, sample.version);
        expect(list.status).toBe(200);
        expect(list.body.volumeAttachments).toHaveLength(1);
        expect(diffAgainst(`${dir}list-volume-attachments-resp.json`, list.body)).toEqual([]);
        const show = call(cloud, 'GET', `${base}/${volume}`, sample.version);
        expect(show.status).toBe(200);
        expect(diffAgainst(`${dir}volume-attachment-detail-resp.json`, show.body)).toEqual([]);
        return;
      }
      // Updates act on an attached volume.
      expect(call(cloud, 'POST', base, sample.version, attachBody).status).toBeLessThan(300);
      cloud.clock.advance(10_000);
      if (sample.name.startsWith('update-volume-attachment-delete-flag')) {
        // The immutable fields the sample repeats are the sample server's: ours stand in.
        const current = call(cloud, 'GET', `${base}/${volume}`, '2.79').body.volumeAttachment;
        const body = withVolume(sample.json, volume) as {
          volumeAttachment: Record<string, unknown>;
        };
        const att = body.volumeAttachment;
        if ('id' in att) att.id = volume;
        if ('serverId' in att) att.serverId = server;
        if ('device' in att) att.device = current.device;
        if ('tag' in att) att.tag = current.tag;
        const res = call(cloud, 'PUT', `${base}/${volume}`, sample.version, body);
        expect(res.status, JSON.stringify(res.body)).toBe(202);
        const show = call(cloud, 'GET', `${base}/${volume}`, sample.version);
        expect(show.body.volumeAttachment.delete_on_termination).toBe(true);
        return;
      }
      // update-volume-req: a swap, which Nova leaves to Cinder's migrations (service role).
      const other = cloud.request({
        service: 'volume',
        method: 'POST',
        path: `/v3/${SAMPLE_PROJECT_ID}/volumes`,
        auth: MEMBER,
        body: { volume: { size: 1 } },
      }).body.volume.id as string;
      const swap = call(
        cloud,
        'PUT',
        `${base}/${volume}`,
        sample.version,
        withVolume(sample.json, other),
      );
      expect(swap.status).toBe(403);
    });
  }
});
