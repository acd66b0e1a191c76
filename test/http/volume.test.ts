import { describe, expect, it } from 'vitest';
import { serve } from './helpers.js';

describe('Cinder over HTTP (/volume)', () => {
  it('answers its version documents without a token', async () => {
    const { call, server } = await serve();
    const root = await call('/volume/');
    expect(root.status).toBe(300);
    expect(root.body.versions[0].links).toContainEqual({
      rel: 'self',
      href: `${server.endpoints.volume}/v3/`,
    });
    expect((await call('/volume/v3/')).status).toBe(200);
    expect((await call('/volume/v3/x/volumes')).status).toBe(401);
  });

  it('the catalog lists volumev3 and block-storage at /volume/v3/<project>', async () => {
    const { call, token } = await serve();
    const res = await call('/identity/v3/auth/tokens', {
      method: 'POST',
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'demo', domain: { name: 'Default' }, password: 'demo' } },
          },
          scope: { project: { name: 'demo', domain: { id: 'default' } } },
        },
      }),
    });
    const projectId = res.body.token.project.id as string;
    const volume = res.body.token.catalog.find((s: { type: string }) => s.type === 'volumev3');
    expect(volume.endpoints[0].url).toMatch(new RegExp(`/volume/v3/${projectId}$`));
    const blockStorage = res.body.token.catalog.find(
      (s: { type: string }) => s.type === 'block-storage',
    );
    expect(blockStorage.endpoints[0].url).toBe(volume.endpoints[0].url);

    const demo = await token('demo');
    const created = await call(`/volume/v3/${projectId}/volumes`, {
      method: 'POST',
      token: demo,
      body: JSON.stringify({ volume: { size: 1, name: 'over-http' } }),
    });
    expect(created.status).toBe(202);
    expect(created.body.volume.links[0].href).toBe(
      `${volume.endpoints[0].url}/volumes/${created.body.volume.id}`,
    );
    const list = await call(`/volume/v3/${projectId}/volumes`, { token: demo });
    expect(list.body.volumes.map((v: { name: string }) => v.name)).toEqual(['over-http']);
  });
});
