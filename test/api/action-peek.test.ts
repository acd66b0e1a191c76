import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';

// Nova master's wsgi.py: action_peek takes Python's len() of the decoded body (400
// `Malformed request body` unless it is 1), then its `.keys()`; a TypeError or an
// AttributeError on the way is answered by _process_stack with a bare 404.
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function withServer() {
  const cloud = createCloud({ seed: 4 });
  const boot = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    body: { server: { name: 'a', flavorRef: '1', imageRef: IMAGE } },
  });
  cloud.clock.advance(60_000);
  const post = (path: string, body: unknown) => cloud.request({ method: 'POST', path, body });
  return { post, server: `/v2.1/servers/${boot.body.server.id}/action` };
}

describe("action bodies Nova's dispatcher cannot read", () => {
  it('a one-item list, a one-character string, null, a number: 404, before any lookup', () => {
    const { post, server } = withServer();
    // A string body is JSON text: '"p"' decodes to a one-character string.
    for (const body of [['pause'], '"p"', 'null', null, 7, true]) {
      for (const path of [server, '/v2.1/servers/no-such-server/action']) {
        const res = post(path, body);
        expect(res.status, JSON.stringify(body)).toBe(404);
        expect(res.body).toEqual({
          itemNotFound: { code: 404, message: 'The resource could not be found.' },
        });
      }
    }
  });

  it('a list or string of another length, an empty object or body, two keys: 400', () => {
    const { post, server } = withServer();
    for (const body of [['pause', 'unpause'], [], '"pause"', {}, { pause: null, unpause: null }]) {
      const res = post(server, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.badRequest.message).toBe('Malformed request body');
    }
    expect(post(server, undefined).status).toBe(400);
  });

  it('the admin actions share the dispatcher (aggregates)', () => {
    const cloud = createCloud({ seed: 4 });
    const admin = { projectId: 'admin', userId: 'admin', roles: ['admin'] };
    const made = cloud.request({
      method: 'POST',
      path: '/v2.1/os-aggregates',
      body: { aggregate: { name: 'agg' } },
      auth: admin,
    });
    const path = `/v2.1/os-aggregates/${made.body.aggregate.id}/action`;
    expect(cloud.request({ method: 'POST', path, body: ['add_host'], auth: admin }).status).toBe(
      404,
    );
    expect(cloud.request({ method: 'POST', path, body: [], auth: admin }).status).toBe(400);
  });
});
