import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveCommand, serveOptions } from '../../src/http/serve-command.js';
import type { SimServer } from '../../src/http/server.js';
import { tempDir } from '../support/temp-dir.js';
import { serve } from './helpers.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
    },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

function file(name: string, content: unknown): string {
  const dir = tempDir('serve');
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** Runs the command until it is ready, lets `body` use the server, then stops it. */
async function running(argv: string[], body: (server: SimServer) => Promise<void>) {
  const stop = new AbortController();
  const capture = io();
  let failure: unknown;
  const code = await serveCommand(argv, capture.io, {
    signal: stop.signal,
    onReady: (server) => {
      body(server)
        .catch((error) => {
          failure = error;
        })
        .finally(() => stop.abort());
    },
  });
  if (failure) throw failure;
  return { code, out: capture.out(), err: capture.err() };
}

describe('serveOptions', () => {
  it('defaults to loopback, port 8774, realtime x1', () => {
    expect(serveOptions([])).toMatchObject({
      host: '127.0.0.1',
      port: 8774,
      clock: 'realtime',
      cloud: {},
    });
  });

  it('reads every flag', () => {
    const options = serveOptions([
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--identity-port',
      '5000',
      '--seed',
      '42',
      '--clock',
      'manual',
      '--speed',
      '60',
      '--token-ttl',
      '120',
      '--max-body-bytes',
      '2048',
      '--trace-limit',
      '0',
      '--public-url',
      'http://sim.local:8774',
    ]);
    expect(options).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      identityPort: 5000,
      cloud: { seed: 42 },
      clock: 'manual',
      speed: 60,
      tokenTtlSeconds: 120,
      maxBodyBytes: 2048,
      traceLimit: 0,
      publicUrl: 'http://sim.local:8774',
    });
    expect(serveOptions(['--seed', 'scenario-7'])).toMatchObject({ cloud: { seed: 'scenario-7' } });
  });

  it('takes a --config file, and the --seed flag over its seed', () => {
    const path = file('sim.json', {
      seed: 1,
      hosts: { count: 2 },
      config: { jitter: 0 },
      identity: { users: [{ name: 'ci', password: 'ci', projects: { ci: ['member'] } }] },
    });
    const options = serveOptions(['--config', path, '--seed', '9']);
    expect(options).toMatchObject({
      cloud: { seed: 9, hosts: { count: 2 }, config: { jitter: 0 } },
      identity: { users: [{ name: 'ci' }] },
    });
  });

  it('takes the cloud options of a --scenario file, or asks the hook', () => {
    const path = file('scenario.json', {
      seed: 3,
      hosts: { count: 1 },
      steps: [{ advance: 'PT1M' }],
    });
    expect(serveOptions(['--scenario', path])).toMatchObject({
      cloud: { seed: 3, hosts: { count: 1 } },
    });
    const hooked = serveOptions(['--scenario', 'x.json'], {
      scenarioOptions: () => ({ seed: 'hooked' }),
    });
    expect(hooked).toMatchObject({ cloud: { seed: 'hooked' } });
  });

  it.each([
    [['--clock', 'sundial'], /--clock must be realtime or manual/],
    [['--speed', '0'], /--speed must be a number/],
    [['--port', '70000'], /--port must be a port number/],
    [['--bogus'], /Unknown option/],
    [['extra'], /unexpected argument 'extra'/],
  ])('rejects %j', (argv, message) => {
    expect(() => serveOptions(argv)).toThrow(message);
  });

  it('rejects a config with unknown keys', () => {
    const path = file('bad.json', { seeed: 1 });
    expect(() => serveOptions(['--config', path])).toThrow(
      /unknown option seeed; did you mean "seed"?/,
    );
  });
});

describe('serveCommand', () => {
  it('prints help', async () => {
    const capture = io();
    expect(await serveCommand(['--help'], capture.io)).toBe(0);
    expect(capture.out()).toContain('Usage: nova-sim serve');
  });

  it('exits 2 with a two-line error, not the whole usage, on a bad argument', async () => {
    const capture = io();
    expect(await serveCommand(['--clock', 'sundial'], capture.io)).toBe(2);
    expect(capture.err()).toContain('--clock must be realtime or manual');
    expect(capture.err()).not.toContain('Usage: nova-sim serve');
    expect(capture.err().trim().split('\n')).toHaveLength(2);
  });

  it('starts, prints the endpoints and a clouds.yaml, serves, and stops on abort', async () => {
    const result = await running(
      ['--port', '0', '--seed', '5', '--speed', '60'],
      async (server) => {
        const res = await fetch(`${server.endpoints.identity}/v3`);
        expect(res.status).toBe(200);
      },
    );
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /nova-sim is serving OpenStack on http:\/\/127\.0\.0\.1:\d+ \(clock: realtime x60\)/,
    );
    expect(result.out).toMatch(/compute {3}http:\/\/127\.0\.0\.1:\d+\/compute\/v2\.1/);
    expect(result.out).toContain(
      'clouds:\n  nova-sim:\n    auth:\n      auth_url: http://127.0.0.1:',
    );
    expect(result.out).toContain(
      '      username: demo\n      password: demo\n      project_name: demo',
    );
    expect(result.out).toContain('  nova-sim-admin:');
    expect(result.out).toMatch(/export OS_AUTH_URL=http:\/\/127\.0\.0\.1:\d+\/identity/);
    expect(result.err).toContain('stopped');
  });

  it('serves Keystone on its own port with --identity-port', async () => {
    const result = await running(['--port', '0', '--identity-port', '0'], async (server) => {
      expect(server.endpoints.identity).not.toContain('/identity');
      const root = await fetch(server.endpoints.identity);
      expect(root.status).toBe(300);
      const token = await fetch(`${server.endpoints.identity}/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: 'demo', domain: { id: 'default' }, password: 'demo' } },
            },
          },
        }),
      });
      const body = (await token.json()) as {
        token: { catalog: { type: string; endpoints: { url: string }[] }[] };
      };
      const identity = body.token.catalog.find((s) => s.type === 'identity')!;
      expect(identity.endpoints[0]!.url).toBe(server.endpoints.identity);
    });
    expect(result.code).toBe(0);
  });

  it('exits 1 when the port is taken', async () => {
    const { server } = await serve();
    const port = new URL(server.endpoints.base).port;
    const capture = io();
    expect(await serveCommand(['--port', port], capture.io)).toBe(1);
    expect(capture.err()).toMatch(/cannot start: .*EADDRINUSE/);
  });
});
