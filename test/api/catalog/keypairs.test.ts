import { describe, expect, it } from 'vitest';
import {
  call,
  expectFault,
  expectSample,
  folderVersion,
  newCloud,
  policy,
  sample,
  USER,
} from './helpers.js';

type KeypairBody = { keypair: Record<string, string> };

/** A self-signed certificate (openssl, EC P-256) and its SHA-1 fingerprint. */
const CERT = `-----BEGIN CERTIFICATE-----
MIIBhjCCASugAwIBAgIUXbxr0pKy+pXfz2b/bgcReLG9BdgwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNbm92YS1zaW0tdGVzdDAeFw0yNjExMjMxODA3MjdaFw0zNjEx
MjAxODA3MjdaMBgxFjAUBgNVBAMMDW5vdmEtc2ltLXRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAQNguU0PNMzKQS1JzwaTDRdPKPKqQ6KpOHIzNzHWVgEb5of
3KMhBptvllJ7mv3ohTIa0RI3gh9wMlY4vQ4RZtC1o1MwUTAdBgNVHQ4EFgQUtfY/
6ldu0rwXO4oXZJ+ym/CNGyEwHwYDVR0jBBgwFoAUtfY/6ldu0rwXO4oXZJ+ym/CN
GyEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEAqBRVH3DReWbW
mlcccaO+fgQMzP/KBsXx3QyChgIxRoQCIQDu4E5zSwmxDpABYQAAlpm/AjNn2a3Y
W3AhRoZO7tjXgw==
-----END CERTIFICATE-----
`;
const CERT_FINGERPRINT = 'd0:3c:7a:04:1a:01:11:81:80:d8:7f:39:11:8c:cc:92:ca:bb:7a:12';

describe("os-keypairs replays Nova's api_samples", () => {
  for (const folder of ['', 'v2.2', 'v2.10']) {
    const version = folderVersion(folder);
    const created = version === '2.1' ? 200 : 201;
    it(`${folder || 'v2.1'}: create, import, list and show`, () => {
      const cloud = newCloud();
      const post = call(cloud, 'POST', 'os-keypairs', {
        version,
        body: sample('os-keypairs', folder, 'keypairs-post-req.json'),
      });
      expectSample(post, created, sample('os-keypairs', folder, 'keypairs-post-resp.json'));
      const imported = call(cloud, 'POST', 'os-keypairs', {
        version,
        body: sample('os-keypairs', folder, 'keypairs-import-post-req.json'),
      });
      expectSample(
        imported,
        created,
        sample('os-keypairs', folder, 'keypairs-import-post-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', 'os-keypairs', { version }),
        200,
        sample('os-keypairs', folder, 'keypairs-list-resp.json'),
      );
      const name = (post.body as KeypairBody).keypair.name!;
      expectSample(
        call(cloud, 'GET', `os-keypairs/${name}`, { version }),
        200,
        sample('os-keypairs', folder, 'keypairs-get-resp.json'),
      );
    });
  }

  it('v2.35: pages with limit and marker, for another user as admin', () => {
    const cloud = newCloud();
    const version = '2.35';
    const post = call(cloud, 'POST', 'os-keypairs', {
      version,
      body: sample('os-keypairs', 'v2.35', 'keypairs-post-req.json'),
    });
    expectSample(post, 201, sample('os-keypairs', 'v2.35', 'keypairs-post-resp.json'));
    call(cloud, 'POST', 'os-keypairs', { version, body: { keypair: { name: 'zz-second' } } });
    const page = call(cloud, 'GET', 'os-keypairs?limit=1', { version });
    expectSample(page, 200, sample('os-keypairs', 'v2.35', 'keypairs-list-resp.json'));
    const name = (post.body as KeypairBody).keypair.name!;
    expect((page.body as { keypairs_links: { href: string }[] }).keypairs_links[0]!.href).toBe(
      `http://openstack.example.com/v2.1/os-keypairs?limit=1&marker=${name}`,
    );
    for (const user of ['user1', 'user2']) {
      call(cloud, 'POST', 'os-keypairs', {
        version,
        admin: true,
        body: { keypair: { name: 'k1', user_id: user } },
      });
      call(cloud, 'POST', 'os-keypairs', {
        version,
        admin: true,
        body: { keypair: { name: 'k2', user_id: user } },
      });
    }
    expectSample(
      call(cloud, 'GET', 'os-keypairs?user_id=user1', { version, admin: true }),
      200,
      sample('os-keypairs', 'v2.35', 'keypairs-list-user1-resp.json'),
    );
    const user2 = call(cloud, 'GET', 'os-keypairs?limit=1&user_id=user2', { version, admin: true });
    expectSample(user2, 200, sample('os-keypairs', 'v2.35', 'keypairs-list-user2-resp.json'));
    const next = call(cloud, 'GET', 'os-keypairs?limit=1&marker=k1&user_id=user2', {
      version,
      admin: true,
    });
    expect((next.body as { keypairs: KeypairBody[] }).keypairs.map((k) => k.keypair.name)).toEqual([
      'k2',
    ]);
    expectFault(
      call(cloud, 'GET', 'os-keypairs?marker=zzz', { version }),
      400,
      'Marker zzz could not be found.',
    );
  });

  it('v2.92: imports names with @ and ., and no longer generates keys', () => {
    const cloud = newCloud();
    const version = '2.92';
    expectSample(
      call(cloud, 'POST', 'os-keypairs', {
        version,
        body: sample('os-keypairs', 'v2.92', 'keypairs-import-post-req.json'),
      }),
      201,
      sample('os-keypairs', 'v2.92', 'keypairs-import-post-resp.json'),
    );
    const generate = call(cloud, 'POST', 'os-keypairs', {
      version,
      body: sample('os-keypairs', 'v2.92', 'keypairs-post-req.json'),
    });
    expectFault(
      generate,
      400,
      "Invalid input for field/attribute keypair. Value: {'name': 'foo', 'type': 'ssh', 'user_id': 'fake'}. 'public_key' is a required property",
    );
  });
});

describe('os-keypairs behaviour', () => {
  const importReq = sample('os-keypairs', '', 'keypairs-import-post-req.json') as KeypairBody;
  const publicKey = importReq.keypair.public_key!;

  it('fingerprints an imported key as Nova does (MD5 of the key body)', () => {
    const res = call(newCloud(), 'POST', 'os-keypairs', {
      body: { keypair: { name: 'mine', public_key: publicKey } },
    });
    expect((res.body as KeypairBody).keypair.fingerprint).toBe(
      '1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c',
    );
  });

  it('generates a plausible, deterministic key pair whose fingerprint matches its public key', () => {
    const make = () => {
      const cloud = newCloud();
      return (
        call(cloud, 'POST', 'os-keypairs', { version: '2.2', body: { keypair: { name: 'gen' } } })
          .body as KeypairBody
      ).keypair;
    };
    const k = make();
    expect(k.public_key).toMatch(
      /^ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ[A-Za-z0-9+/=]+ Generated-by-Nova$/,
    );
    expect(k.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA/);
    expect(k.private_key).toMatch(/\n-----END RSA PRIVATE KEY-----\n$/);
    const cloud = newCloud();
    const imported = call(cloud, 'POST', 'os-keypairs', {
      body: { keypair: { name: 'again', public_key: k.public_key! } },
    });
    expect((imported.body as KeypairBody).keypair.fingerprint).toBe(k.fingerprint);
    expect(make()).toEqual(k);
  });

  it('imports an x509 certificate with its SHA-1 fingerprint (2.2)', () => {
    const cloud = newCloud();
    const res = call(cloud, 'POST', 'os-keypairs', {
      version: '2.2',
      body: { keypair: { name: 'cert', type: 'x509', public_key: CERT } },
    });
    expect(res.status).toBe(201);
    expect((res.body as KeypairBody).keypair).toMatchObject({
      type: 'x509',
      fingerprint: CERT_FINGERPRINT,
    });
    const bad = call(cloud, 'POST', 'os-keypairs', {
      version: '2.2',
      body: { keypair: { name: 'c2', type: 'x509', public_key: 'nope' } },
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { badRequest: { message: string } }).badRequest.message).toMatch(
      /^Keypair data is invalid: failed to generate X509 fingerprint\. Error message: /,
    );
  });

  it('refuses a malformed public key', () => {
    expectFault(
      call(newCloud(), 'POST', 'os-keypairs', {
        body: { keypair: { name: 'bad', public_key: 'ssh-what negative' } },
      }),
      400,
      'Keypair data is invalid: failed to generate fingerprint',
    );
  });

  it('refuses a duplicate name with 409', () => {
    const cloud = newCloud();
    call(cloud, 'POST', 'os-keypairs', { body: { keypair: { name: 'dup' } } });
    expectFault(
      call(cloud, 'POST', 'os-keypairs', { body: { keypair: { name: 'dup' } } }),
      409,
      "Key pair 'dup' already exists.",
    );
  });

  it('answers 404 for unknown key pairs, on show and delete', () => {
    const cloud = newCloud();
    expectFault(
      call(cloud, 'GET', 'os-keypairs/ghost'),
      404,
      `Keypair ghost not found for user ${USER}`,
    );
    expectFault(
      call(cloud, 'DELETE', 'os-keypairs/ghost'),
      404,
      `Keypair ghost not found for user ${USER}`,
    );
  });

  it('deletes with 202 at 2.1 and 204 from 2.2', () => {
    const cloud = newCloud();
    call(cloud, 'POST', 'os-keypairs', { body: { keypair: { name: 'a' } } });
    call(cloud, 'POST', 'os-keypairs', { body: { keypair: { name: 'b' } } });
    expect(call(cloud, 'DELETE', 'os-keypairs/a').status).toBe(202);
    expect(call(cloud, 'DELETE', 'os-keypairs/b', { version: '2.2' }).status).toBe(204);
    expect((call(cloud, 'GET', 'os-keypairs').body as { keypairs: unknown[] }).keypairs).toEqual(
      [],
    );
  });

  it('enforces the key_pairs quota with 403', () => {
    const cloud = newCloud();
    cloud.compute.projectQuotas.set('6f70656e737461636b20342065766572', { keyPairs: 1 });
    call(cloud, 'POST', 'os-keypairs', { body: { keypair: { name: 'one' } } });
    expectFault(
      call(cloud, 'POST', 'os-keypairs', {
        body: { keypair: { name: 'two', public_key: publicKey } },
      }),
      403,
      'Quota exceeded, too many key pairs.',
    );
  });

  it("validates names with master's schema patterns: safe characters before 2.92, plus @ and . from it", () => {
    const cloud = newCloud();
    expectFault(
      call(cloud, 'POST', 'os-keypairs', {
        version: '2.91',
        body: { keypair: { name: 'me@home', public_key: publicKey } },
      }),
      400,
      "Invalid input for field/attribute name. Value: me@home. 'me@home' does not match '^[_\\\\- a-zA-Z0-9]+$'",
    );
    // The pattern is under `properties`, which jsonschema checks before `required`.
    expectFault(
      call(cloud, 'POST', 'os-keypairs', {
        version: '2.93',
        body: { keypair: { name: 'bad name!' } },
      }),
      400,
      "Invalid input for field/attribute name. Value: bad name!. 'bad name!' does not match '^[_\\\\-\\\\@\\\\. a-zA-Z0-9]+$'",
    );
    expect(
      call(cloud, 'POST', 'os-keypairs', {
        version: '2.92',
        body: { keypair: { name: 'me@home', public_key: publicKey } },
      }).status,
    ).toBe(201);
    expectFault(
      call(cloud, 'POST', 'os-keypairs', { body: { keypair: { name: '' } } }),
      400,
      "Invalid input for field/attribute name. Value: . '' should be non-empty",
    );
    expect(
      call(cloud, 'POST', 'os-keypairs', {
        version: '2.1',
        body: { keypair: { name: 'x', type: 'ssh' } },
      }).status,
    ).toBe(400);
    expect(
      call(cloud, 'POST', 'os-keypairs', {
        version: '2.2',
        body: { keypair: { name: 'x', type: 'rsa' } },
      }).status,
    ).toBe(400);
  });

  it("lets only admins act on another user's key pairs (2.10)", () => {
    const cloud = newCloud();
    const body = { keypair: { name: 'theirs', user_id: 'other' } };
    expectFault(
      call(cloud, 'POST', 'os-keypairs', { version: '2.10', body }),
      403,
      policy('os_compute_api:os-keypairs:create'),
    );
    expect(call(cloud, 'POST', 'os-keypairs', { version: '2.10', admin: true, body }).status).toBe(
      201,
    );
    expectFault(
      call(cloud, 'GET', 'os-keypairs?user_id=other', { version: '2.10' }),
      403,
      policy('os_compute_api:os-keypairs:index'),
    );
    expectFault(
      call(cloud, 'GET', 'os-keypairs/theirs?user_id=other', { version: '2.10' }),
      403,
      policy('os_compute_api:os-keypairs:show'),
    );
    expectFault(
      call(cloud, 'DELETE', 'os-keypairs/theirs?user_id=other', { version: '2.10' }),
      403,
      policy('os_compute_api:os-keypairs:delete'),
    );
    const shown = call(cloud, 'GET', 'os-keypairs/theirs?user_id=other', {
      version: '2.10',
      admin: true,
    });
    expect((shown.body as KeypairBody).keypair.user_id).toBe('other');
    // Before 2.10 user_id is not a parameter: the caller's own key pairs are used.
    expectFault(
      call(cloud, 'GET', 'os-keypairs/theirs?user_id=other', { version: '2.9', admin: true }),
      404,
      `Keypair theirs not found for user ${USER}`,
    );
    expect(
      call(cloud, 'DELETE', 'os-keypairs/theirs?user_id=other', { version: '2.10', admin: true })
        .status,
    ).toBe(204);
  });

  it('rejects unknown query parameters from 2.75', () => {
    const cloud = newCloud();
    expect(call(cloud, 'GET', 'os-keypairs?foo=1', { version: '2.74' }).status).toBe(200);
    expectFault(
      call(cloud, 'GET', 'os-keypairs?foo=1', { version: '2.75' }),
      400,
      "Additional properties are not allowed ('foo' was unexpected)",
    );
  });
});
