import { describe, expect, it } from 'vitest';
import { availableVolume, cinder, member, newCloud } from './helpers.js';

const BODIES: unknown[] = [
  undefined,
  null,
  [],
  'not json {',
  42,
  {},
  { volume: null },
  { volume: 5 },
  { volume: { size: 'abc' } },
  { volume: { size: -1 } },
  { volume: { size: 1, metadata: { k: 5 } } },
  { snapshot: { volume_id: 'nope' } },
  { attachment: { volume_uuid: 7 } },
  { attachment: { connector: 'x' } },
  { 'os-extend': { new_size: 'big' } },
  { 'os-extend': null },
  { 'os-reset_status': { status: 'bogus' } },
  { 'os-set_bootable': { bootable: 'maybe' } },
  { 'os-complete': 1 },
  { quota_set: { volumes: 'many' } },
  { quota_set: { bogus: 1 } },
];

const PATHS = (volume: string) => [
  ['POST', '/volumes'],
  ['PUT', `/volumes/${volume}`],
  ['POST', `/volumes/${volume}/action`],
  ['POST', '/snapshots'],
  ['PUT', '/snapshots/nope'],
  ['POST', '/attachments'],
  ['PUT', '/attachments/nope'],
  ['POST', '/attachments/nope/action'],
  ['PUT', '/os-quota-sets/p'],
  ['GET', '/volumes?limit=x'],
  ['GET', '/volumes?marker=nope'],
  ['GET', '/volumes?sort=colour:up'],
  ['GET', `/volumes?metadata=${encodeURIComponent('{bad')}`],
  ['DELETE', '/volumes/nope'],
  ['PATCH', '/volumes'],
];

describe('Cinder: bad input gets a Cinder error body and changes nothing', () => {
  it('every route, every malformed body', () => {
    const cloud = newCloud();
    const volume = availableVolume(cloud);
    const before = JSON.stringify(cloud.volume.snapshot());
    for (const [method, path] of PATHS(volume)) {
      for (const body of BODIES) {
        for (const auth of [member, { ...member, roles: ['admin'] }]) {
          const res = cinder(cloud, method!, path!, body, { auth, version: '3.71' });
          expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(
            400,
          );
          expect(res.status).toBeLessThan(500);
          const [fault] = Object.values(
            res.body as Record<string, { code: number; message: string }>,
          );
          expect(fault?.code).toBe(res.status);
          expect(typeof fault?.message).toBe('string');
        }
      }
    }
    expect(JSON.stringify(cloud.volume.snapshot())).toBe(before);
  });
});
