import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { action, IMAGE, show, V } from './helpers.js';

function cloudWith(config: Record<string, unknown>): Cloud {
  return createCloud({ seed: 7, config: { jitter: 0, ...config } });
}

function boot(cloud: Cloud, name: string): string {
  const res = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    headers: V,
    body: { server: { name, flavorRef: '1', imageRef: IMAGE, networks: 'none' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.server.id as string;
}

function actions(cloud: Cloud, id: string) {
  return cloud.request({
    method: 'GET',
    path: `/v2.1/servers/${id}/os-instance-actions`,
    headers: V,
  }).body.instanceActions as Array<Record<string, unknown>>;
}

function events(cloud: Cloud, id: string, requestId: string) {
  return cloud.request({
    method: 'GET',
    path: `/v2.1/servers/${id}/os-instance-actions/${requestId}`,
    headers: V,
  }).body.instanceAction.events as Array<Record<string, unknown>>;
}

describe('periodic tasks that go through the compute API record its instance action', () => {
  it('an auto-confirmed resize records confirmResize with no user or project, one request id per run', () => {
    const cloud = cloudWith({ resizeConfirmWindow: 120 });
    const ids = [boot(cloud, 'a'), boot(cloud, 'b')];
    cloud.clock.advance(60_000);
    for (const id of ids)
      expect(action(cloud, id, { resize: { flavorRef: '2' } }).status).toBe(202);
    cloud.clock.advance(60_000);
    expect(ids.map((id) => show(cloud, id).status)).toEqual(['VERIFY_RESIZE', 'VERIFY_RESIZE']);
    cloud.clock.advance(300_000);
    expect(ids.map((id) => show(cloud, id).status)).toEqual(['ACTIVE', 'ACTIVE']);
    const confirms = ids.map((id) => actions(cloud, id)[0]!);
    for (const confirm of confirms) {
      expect(confirm).toMatchObject({ action: 'confirmResize', user_id: null, project_id: null });
    }
    expect(confirms[0]!.request_id).toBe(confirms[1]!.request_id);
    const [event] = events(cloud, ids[0]!, confirms[0]!.request_id as string);
    expect(event).toMatchObject({ event: 'compute_confirm_resize', result: 'Success' });
  });

  it('a rescue that timed out records unrescue', () => {
    const cloud = cloudWith({ rescueTimeout: 120 });
    const id = boot(cloud, 'a');
    cloud.clock.advance(60_000);
    expect(action(cloud, id, { rescue: {} }).status).toBe(200);
    cloud.clock.advance(400_000);
    expect(show(cloud, id).status).toBe('ACTIVE');
    expect(actions(cloud, id).map((a) => [a.action, a.user_id])).toEqual([
      ['unrescue', null],
      ['rescue', 'fake'],
      ['create', 'fake'],
    ]);
  });
});
