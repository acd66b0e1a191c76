import { describe, expect, it } from 'vitest';
import type { HintFilterName } from '../../../src/scheduler/hint-filters.js';
import { call, IMAGE, newCloud } from '../extras/helpers.js';

// Nova's default [filter_scheduler] enabled_filters has neither SameHostFilter nor
// DifferentHostFilter: the hints are accepted and stored, and placement ignores them
// unless the cloud enables the filter.

function twoServers(weigher: 'spread' | 'pack', hint: string, hintFilters: HintFilterName[]) {
  const cloud = newCloud({
    hosts: { count: 3 },
    config: { weigher, ...(hintFilters.length > 0 ? { hintFilters } : {}) },
  });
  const boot = (hints?: Record<string, string>) => {
    const res = call(cloud, 'POST', 'servers', {
      body: {
        server: { name: 's', imageRef: IMAGE, flavorRef: '1' },
        ...(hints ? { 'os:scheduler_hints': hints } : {}),
      },
    });
    expect(res.status).toBe(202);
    cloud.clock.advance(60_000);
    const id = (res.body as { server: { id: string } }).server.id;
    const shown = call(cloud, 'GET', `servers/${id}`, { admin: true }).body as {
      server: Record<string, string>;
    };
    return { id, host: shown.server['OS-EXT-SRV-ATTR:host'], status: shown.server.status };
  };
  const first = boot();
  const second = boot({ [hint]: first.id });
  return { first, second };
}

describe('same_host and different_host need their filters', () => {
  it('ignores same_host by default (spread puts the second server elsewhere)', () => {
    const { first, second } = twoServers('spread', 'same_host', []);
    expect(second.status).toBe('ACTIVE');
    expect(second.host).not.toBe(first.host);
  });

  it('honours same_host with SameHostFilter enabled', () => {
    const { first, second } = twoServers('spread', 'same_host', ['SameHostFilter']);
    expect(second.host).toBe(first.host);
  });

  it('ignores different_host by default (pack puts the second server beside the first)', () => {
    const { first, second } = twoServers('pack', 'different_host', []);
    expect(second.host).toBe(first.host);
  });

  it('honours different_host with DifferentHostFilter enabled', () => {
    const { first, second } = twoServers('pack', 'different_host', ['DifferentHostFilter']);
    expect(second.status).toBe('ACTIVE');
    expect(second.host).not.toBe(first.host);
  });
});
