import { describe, expect, it } from 'vitest';
import { serverDetail, serverUpdateView } from '../../../src/api/views/server.js';
import { activeServer, apiContext, testCloud } from './context.js';

describe('serverUpdateView', () => {
  it('before 2.75 has the base fields and addresses without OS-EXT-IPS keys', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    const view = serverUpdateView(apiContext(cloud, { version: '2.74', admin: true }), server);
    expect(view.addresses).toEqual({ private: [{ version: 4, addr: server.addresses[0]?.addr }] });
    expect(view).not.toHaveProperty('OS-EXT-STS:vm_state');
    expect(view).not.toHaveProperty('OS-EXT-SRV-ATTR:host');
    expect(view).not.toHaveProperty('key_name');
    expect(view).toMatchObject({ locked: false, locked_reason: null, server_groups: [] });
  });

  it('rebuild adds key_name at 2.54 and user_data at 2.57', () => {
    const cloud = testCloud();
    const server = activeServer(cloud, { keyName: 'kp' });
    const at = (version: string) =>
      serverUpdateView(apiContext(cloud, { version }), server, { rebuild: true });
    expect(at('2.53')).not.toHaveProperty('key_name');
    expect(at('2.54').key_name).toBe('kp');
    expect(at('2.56')).not.toHaveProperty('user_data');
    expect(at('2.57').user_data).toBe(server.userData);
  });

  it('from 2.75 is the show view; rebuild moves user_data out of OS-EXT-SRV-ATTR', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    const ctx = apiContext(cloud, { version: '2.75', admin: true });
    expect(serverUpdateView(ctx, server)).toEqual(serverDetail(ctx, server));
    const rebuilt = serverUpdateView(ctx, server, { rebuild: true });
    expect(rebuilt).not.toHaveProperty('OS-EXT-SRV-ATTR:user_data');
    expect(rebuilt.user_data).toBe(server.userData);
    expect(rebuilt).toHaveProperty('OS-EXT-SRV-ATTR:host');
  });
});
