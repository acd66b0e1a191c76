import { describe, expect, it } from 'vitest';
import { createCloud } from '../../../src/cloud.js';
import { IMAGE, V } from './helpers.js';

function create(server: Record<string, unknown>) {
  const cloud = createCloud({ seed: 1 });
  return cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    headers: V,
    body: { server: { name: 'a', flavorRef: '1', ...server } },
  });
}

describe("oneOf fields fail with jsonschema's combinator message (#9.10)", () => {
  it('imageRef', () => {
    const res = create({ imageRef: 'abc', networks: 'none' });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      "Invalid input for field/attribute imageRef. Value: abc. 'abc' is not valid under any of the given schemas",
    );
  });

  it('networks', () => {
    const res = create({ imageRef: IMAGE, networks: 'bogus' });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      "Invalid input for field/attribute networks. Value: bogus. 'bogus' is not valid under any of the given schemas",
    );
  });

  it("accepts user_data that Python's b64decode accepts", () => {
    const res = create({ imageRef: IMAGE, networks: 'none', user_data: '%%%' });
    expect(res.status).toBe(202);
  });
});
