import { describe, expect, it } from 'vitest';
import { createCloud } from '../../../src/cloud.js';
import { faultDetails } from '../../../src/compute/fault-details.js';
import { ADMIN, IMAGE, V } from './helpers.js';

/** A server an admin forced onto a host that does not exist: ERROR with NoValidHost. */
function noValidHostServer() {
  const cloud = createCloud({ seed: 7, config: { jitter: 0 } });
  const res = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    headers: V,
    auth: ADMIN,
    body: {
      server: {
        name: 'a',
        flavorRef: '1',
        imageRef: IMAGE,
        networks: 'none',
        availability_zone: 'nova:nope',
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  const id = res.body.server.id as string;
  const show = (auth?: typeof ADMIN) =>
    cloud.request({
      method: 'GET',
      path: `/v2.1/servers/${id}`,
      headers: V,
      ...(auth ? { auth } : {}),
    }).body.server;
  return { cloud, show };
}

describe('fault details (the traceback Nova keeps for a 500 fault)', () => {
  it('an admin sees the traceback of a NoValidHost build, ending as Python prints it', () => {
    const { show } = noValidHostServer();
    const server = show(ADMIN);
    expect(server.status).toBe('ERROR');
    const { details, message } = server.fault;
    expect(message).toBe('No valid host was found. No such host - host: nope node: None ');
    expect(details.startsWith('Traceback (most recent call last):\n')).toBe(true);
    expect(details).toContain('nova/scheduler/manager.py", in select_destinations');
    expect(details.endsWith(`nova.exception.NoValidHost: ${message}\n`)).toBe(true);
  });

  it('the owner does not see it', () => {
    const { show } = noValidHostServer();
    const member = { ...ADMIN, userId: 'u', roles: ['member'] };
    expect(show(member).fault).not.toHaveProperty('details');
  });

  it('survives a snapshot and restore', () => {
    const { cloud, show } = noValidHostServer();
    const restored = createCloud({ restore: cloud.snapshot() });
    const id = show(ADMIN).id as string;
    const again = restored.request({
      method: 'GET',
      path: `/v2.1/servers/${id}`,
      headers: V,
      auth: ADMIN,
    });
    expect(again.body.server.fault.details).toBe(show(ADMIN).fault.details);
  });

  it('names the exception by its message, the class alone for a filter that raised, and none below 500', () => {
    expect(faultDetails(400, 'bad')).toBe('');
    expect(faultDetails(500, 'KeyError').endsWith('\nKeyError\n')).toBe(true);
    expect(faultDetails(500, 'Exceeded maximum number of retries. x')).toContain(
      'nova.exception.MaxRetriesExceeded: Exceeded maximum number of retries. x',
    );
    expect(faultDetails(500, 'Build of instance failed: injected fault')).toBe(
      'Traceback (most recent call last):\nnova.exception.NovaException: Build of instance failed: injected fault\n',
    );
  });
});
