import { describe, expect, it } from 'vitest';
import { compiledValidatorCount, validateBody } from '../../../src/api/validation/validate.js';
import {
  createCloud,
  createServers,
  DEFAULT_FLAVORS,
  SAMPLE_PROJECT_ID,
} from '../../../src/index.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('request schemas built per request', () => {
  it('compile once per schema text, and still validate', () => {
    const schema = () => ({
      type: 'object',
      properties: { cacheProbe: { type: 'string', maxLength: 3 } },
      required: ['cacheProbe'],
    });
    validateBody(schema(), { cacheProbe: 'abc' });
    // A failure also compiles the keywords it walks for jsonschema's first error, once.
    expect(() => validateBody(schema(), { cacheProbe: 'long' })).toThrow(/cacheProbe/);
    const after = compiledValidatorCount();
    validateBody(schema(), { cacheProbe: 'xyz' });
    expect(() => validateBody(schema(), { cacheProbe: 'long' })).toThrow(/cacheProbe/);
    expect(compiledValidatorCount()).toBe(after);
  });

  // The attach schema is built per request by microversion: each attach compiled a new
  // validator (5 ms a request, and a leak), issue 14.
  it('a volume attach compiles no new validator after the first', () => {
    const cloud = createCloud({ seed: 4 });
    const caller = { projectId: SAMPLE_PROJECT_ID, userId: 'u', isAdmin: false, requestId: 'r' };
    const servers = createServers(cloud.compute, cloud.random, caller, {
      name: 'attach',
      flavor: DEFAULT_FLAVORS[0]!,
      imageRef: IMAGE,
      count: 3,
    });
    const volumes = servers.map(() => {
      const res = cloud.request({
        service: 'volume',
        method: 'POST',
        path: `/v3/${SAMPLE_PROJECT_ID}/volumes`,
        body: { volume: { size: 1 } },
      });
      return (res.body as { volume: { id: string } }).volume.id;
    });
    cloud.clock.advance(60_000);
    const attach = (i: number) =>
      cloud.request({
        method: 'POST',
        path: `/v2.1/servers/${servers[i]!.id}/os-volume_attachments`,
        body: { volumeAttachment: { volumeId: volumes[i] } },
      }).status;
    expect(attach(0)).toBe(200);
    const count = compiledValidatorCount();
    expect(attach(1)).toBe(200);
    expect(attach(2)).toBe(200);
    expect(compiledValidatorCount()).toBe(count);
  });
});
