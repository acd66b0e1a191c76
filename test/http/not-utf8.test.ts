import { describe, expect, it } from 'vitest';
import { serve } from './helpers.js';

// Bytes that are not UTF-8 inside an otherwise valid JSON string.
const badJson = (prefix: string, suffix: string) =>
  Buffer.concat([Buffer.from(prefix), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(suffix)]);

describe('a body that is not UTF-8 is refused as each service refuses malformed JSON', () => {
  it('Glance: 400 like malformed JSON, and no image made; image data stays bytes', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const json = { 'content-type': 'application/json' };
    const before = (await call('/image/v2/images', { token: demo })).body.images.length;
    const refused = await call('/image/v2/images', {
      method: 'POST',
      token: demo,
      headers: json,
      body: badJson('{"name": "', '", "disk_format": "raw", "container_format": "bare"}'),
    });
    const malformed = await call('/image/v2/images', {
      method: 'POST',
      token: demo,
      headers: json,
      body: '{"name": ',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(malformed.body);
    expect((await call('/image/v2/images', { token: demo })).body.images.length).toBe(before);

    const created = await call('/image/v2/images', {
      method: 'POST',
      token: demo,
      body: JSON.stringify({ name: 'bytes', disk_format: 'raw', container_format: 'bare' }),
    });
    expect(created.status).toBe(201);
    const data = Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]);
    const upload = await call(`/image/v2/images/${created.body.id}/file`, {
      method: 'PUT',
      token: demo,
      headers: { 'content-type': 'application/octet-stream' },
      body: data,
    });
    // Image data is bytes: not decoded, so not refused.
    expect(upload.status).toBe(204);
  });

  it('Neutron: 400 like malformed JSON, and no network made', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const count = async () =>
      (await call('/network/v2.0/networks', { token: demo })).body.networks.length;
    const before = await count();
    const refused = await call('/network/v2.0/networks', {
      method: 'POST',
      token: demo,
      headers: { 'content-type': 'application/json' },
      body: badJson('{"network": {"name": "', '"}}'),
    });
    const malformed = await call('/network/v2.0/networks', {
      method: 'POST',
      token: demo,
      headers: { 'content-type': 'application/json' },
      body: '{"network": ',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(malformed.body);
    expect(refused.body.NeutronError.type).toBe('HTTPBadRequest');
    expect(await count()).toBe(before);
  });
});
