import { describe, expect, it } from 'vitest';
import { call, newCloud } from './catalog/helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function serverWithActions() {
  const cloud = newCloud();
  const res = call(cloud, 'POST', 'servers', {
    body: { server: { name: 'a', imageRef: IMAGE, flavorRef: '1' } },
  });
  const id = (res.body as { server: { id: string } }).server.id;
  cloud.clock.advance(120_000);
  call(cloud, 'POST', `servers/${id}/action`, { body: { 'os-stop': null } });
  cloud.clock.advance(120_000);
  return { cloud, id };
}

type Page = { instanceActions: { request_id: string }[]; links?: { href: string; rel: string }[] };

describe('instance actions paging links (2.58)', () => {
  it('adds a next link to a full page, with the last request id as marker', () => {
    const { cloud, id } = serverWithActions();
    const res = call(cloud, 'GET', `servers/${id}/os-instance-actions?limit=1`, {
      version: '2.58',
    });
    const page = res.body as Page;
    expect(page.instanceActions).toHaveLength(1);
    const marker = page.instanceActions[0]!.request_id;
    expect(page.links).toHaveLength(1);
    expect(page.links![0]!.rel).toBe('next');
    expect(
      page.links![0]!.href.endsWith(
        `/v2.1/servers/${id}/os-instance-actions?limit=1&marker=${marker}`,
      ),
    ).toBe(true);
    const next = call(cloud, 'GET', `servers/${id}/os-instance-actions?limit=1&marker=${marker}`, {
      version: '2.58',
    });
    expect((next.body as Page).instanceActions[0]!.request_id).not.toBe(marker);
  });

  it('has no links on a short page nor before 2.58', () => {
    const { cloud, id } = serverWithActions();
    const short = call(cloud, 'GET', `servers/${id}/os-instance-actions?limit=5`, {
      version: '2.58',
    });
    expect((short.body as Page).links).toBeUndefined();
    const old = call(cloud, 'GET', `servers/${id}/os-instance-actions?limit=1`, {
      version: '2.57',
    });
    expect((old.body as Page).instanceActions).toHaveLength(2);
    expect((old.body as Page).links).toBeUndefined();
  });

  it('answers 400 for a limit that is not an integer', () => {
    const { cloud, id } = serverWithActions();
    const res = call(cloud, 'GET', `servers/${id}/os-instance-actions?limit=x`, {
      version: '2.58',
    });
    expect(res.status).toBe(400);
  });
});
