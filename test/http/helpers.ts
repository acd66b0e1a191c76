import { afterEach } from 'vitest';
import { type SimServer, type SimServerOptions, startSimServer } from '../../src/http/server.js';

export interface TestServer {
  readonly server: SimServer;
  readonly base: string;
  /** A project-scoped token of a configured user (password = name by default). */
  token(user?: string, password?: string, project?: string): Promise<string>;
  /** fetch relative to the base URL, with an optional token. */
  call(path: string, init?: RequestInit & { token?: string }): Promise<Answer>;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
  readonly body: any;
}

const open: SimServer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** Keystone's password request for a user in the default domain, scoped to a project. */
export function passwordAuth(user: string, password: string, project?: string) {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: user, domain: { name: 'Default' }, password } },
      },
      ...(project ? { scope: { project: { name: project, domain: { id: 'default' } } } } : {}),
    },
  };
}

/** Starts a server on a free loopback port, manual clock unless told; closed after the test. */
export async function serve(options: SimServerOptions = {}): Promise<TestServer> {
  const server = await startSimServer({ port: 0, clock: 'manual', ...options });
  open.push(server);
  const base = server.endpoints.base;
  const call = async (path: string, init: RequestInit & { token?: string } = {}) => {
    const { token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('x-auth-token', token);
    if (typeof rest.body === 'string' && !headers.has('content-type')) {
      headers.set('content-type', 'application/json');
    }
    const res = await fetch(`${base}${path}`, { ...rest, headers });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, headers: res.headers, text, body };
  };
  return {
    server,
    base,
    call,
    async token(user = 'demo', password = user, project?: string) {
      const res = await call('/identity/v3/auth/tokens', {
        method: 'POST',
        body: JSON.stringify(passwordAuth(user, password, project)),
      });
      const token = res.headers.get('x-subject-token');
      if (res.status !== 201 || !token) throw new Error(`auth failed: ${res.status} ${res.text}`);
      return token;
    },
  };
}

export const IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b';
export const NETWORK_ID = '3cb9bc59-5699-4588-a4b1-b87f96708bc6';

/** A `POST /servers` body (microversion 2.1) for the default catalog. */
export function serverBody(name: string) {
  return JSON.stringify({
    server: { name, imageRef: IMAGE_ID, flavorRef: '1', networks: [{ uuid: NETWORK_ID }] },
  });
}
