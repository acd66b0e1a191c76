import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { call } from '../api/catalog/helpers.js';
import { IMAGE } from '../api/extras/helpers.js';

// A filter that raises fails master's select_destinations; the conductor's
// schedule_and_build_instances catches any exception and buries the servers in cell0:
// ERROR, with the exception's class name as the fault message.

function boot(cloud: Cloud, query: string): Record<string, unknown> {
  const res = call(cloud, 'POST', 'servers', {
    body: {
      server: { name: 's', imageRef: IMAGE, flavorRef: '1' },
      'os:scheduler_hints': { query },
    },
  });
  // The API checks only that `query` is a string or an object.
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  const id = (res.body as { server: { id: string } }).server.id;
  return (
    call(cloud, 'GET', `servers/${id}`, { admin: true }).body as { server: Record<string, unknown> }
  ).server;
}

describe('JsonFilter errors at build', () => {
  const cloud = () =>
    createCloud({ seed: 2, hosts: { count: 2 }, config: { enabledFilters: ['JsonFilter'] } });

  it.each([
    ['["<", "$free_ram_mb', 'RemoteError'],
    ['["bogus", 1]', 'KeyError'],
    ['["<", "$host", 1]', 'TypeError'],
    ['["=", "$num_instances.x", 0]', 'AttributeError'],
  ])('%s: ERROR with fault %s', (query, message) => {
    const server = boot(cloud(), query);
    expect(server.status).toBe('ERROR');
    expect(server.fault).toMatchObject({ code: 500, message });
    expect(server['OS-EXT-SRV-ATTR:host']).toBeNull();
  });

  it('a query no host satisfies is NoValidHost, as before', () => {
    const server = boot(cloud(), '["<", "$free_ram_mb", 0]');
    expect(server.fault).toMatchObject({
      message: 'No valid host was found. There are not enough hosts available.',
    });
  });

  it('without JsonFilter enabled the query is never read', () => {
    const server = boot(createCloud({ seed: 2, hosts: { count: 2 } }), 'not json');
    expect(server.status).toBe('ACTIVE');
  });
});
