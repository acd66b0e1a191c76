import { describe, expect, it } from 'vitest';
import { SAMPLE_PROJECT_ID } from '../../../src/catalog/defaults.js';
import { createCloud } from '../../../src/cloud.js';
import { SAMPLE_NETWORK_ID } from '../../../src/network/defaults.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

// The HTTP server's detail page is joined from each item's kept text, the opening and
// closing riding on the first and last items: every page size must give the bytes
// JSON.stringify gives a library caller's body.
describe('the text of a /servers/detail page', () => {
  const cloud = createCloud({ seed: 5 });
  const page = (query: string, projectId = SAMPLE_PROJECT_ID) => {
    const ask = (textBody: boolean) =>
      cloud.request({
        method: 'GET',
        path: `/v2.1/servers/detail${query}`,
        auth: { projectId, userId: 'fake', roles: ['member'] },
        textBody,
      });
    const sent = ask(true);
    return { text: sent.text, fresh: JSON.stringify(ask(false).body) };
  };

  it('is JSON.stringify of the body with no server, one, a full page with its link, and more', () => {
    expect(page('', 'no-servers-here')).toEqual({
      text: '{"servers":[]}',
      fresh: '{"servers":[]}',
    });
    for (let i = 0; i < 3; i++) {
      cloud.request({
        method: 'POST',
        path: '/v2.1/servers',
        body: {
          server: {
            name: `vm-${i}`,
            imageRef: IMAGE,
            flavorRef: '1',
            networks: [{ uuid: SAMPLE_NETWORK_ID }],
          },
        },
      });
    }
    cloud.clock.advance(60_000);
    for (const query of ['', '?limit=1', '?limit=2', '?limit=3', '?name=vm-1', '?name=none']) {
      const { text, fresh } = page(query);
      expect(text, query).toBe(fresh);
    }
    expect(JSON.parse(page('?limit=1').text!).servers_links).toHaveLength(1);
    expect(JSON.parse(page('').text!).servers).toHaveLength(3);
  });
});
