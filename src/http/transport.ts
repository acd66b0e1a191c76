import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LineStream, pumpLines } from './line-stream.js';
import type { HttpRequest, HttpResponse } from './types.js';
import { createWriteBatch, type WriteBatch } from './write-batch.js';

/** How one path prefix is served. */
export interface Mount {
  readonly service: (request: HttpRequest) => HttpResponse;
  /** Largest body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** The answer to a body over the limit, in the service's own error shape. */
  readonly tooLarge: () => HttpResponse;
  /**
   * The answer to a body that is not UTF-8, in the service's own shape (webob hands
   * Nova the bytes, and decoding them strictly fails as a malformed body). Without it
   * the service gets the text with U+FFFD for each bad sequence; so does a request it
   * answers undefined for (binary uploads, whose bytes are in `raw`).
   */
  readonly notUtf8?: (request: {
    readonly path: string;
    readonly headers: Readonly<Record<string, string>>;
  }) => HttpResponse | undefined;
  /**
   * Checked on the headers before any body byte is read: an answer here (401, 403) is
   * sent at once and the body is never buffered.
   */
  readonly gate?: (headers: Readonly<Record<string, string>>) => HttpResponse | undefined;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const NO_BYTES = Buffer.alloc(0);

export interface TransportHooks {
  /** Picks the service and strips its prefix; the path has no query string. */
  readonly route: (path: string) => { readonly mount: Mount; readonly path: string };
  /** Runs before each request is handled (the realtime clock catches up here). */
  readonly before: () => void;
  /** What a request whose body is in must wait for first (a save reading the cloud). */
  readonly idle?: () => Promise<void> | undefined;
  readonly log?: (line: string) => void;
  /** Told of every answer (the live view lists the last requests). */
  readonly observe?: (method: string, url: string, status: number) => void;
  readonly onError: (error: unknown) => void;
  /**
   * Whether the Host header names this server. A page on a foreign name that resolves to
   * this machine (DNS rebinding) must not reach the cloud, so other names get a 400.
   */
  readonly allowHost?: (host: string | undefined) => boolean;
}

const CORS_HEADERS = {
  'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers':
    'Content-Type, X-Auth-Token, X-Subject-Token, OpenStack-API-Version, X-OpenStack-Nova-API-Version, X-OpenStack-Request-Id',
  'access-control-expose-headers':
    'X-Subject-Token, X-OpenStack-Request-Id, X-Compute-Request-Id, OpenStack-API-Version, X-OpenStack-Nova-API-Version, Location',
  'access-control-max-age': '3600',
};

/**
 * CORS for pages served from this machine only: with the default admin/admin login, a
 * wildcard would let any web page the user visits mint an admin token and drive /_sim.
 */
function corsFor(origin: string | undefined): Readonly<Record<string, string>> {
  if (!origin || !/^https?:\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/.test(origin))
    return NO_HEADERS;
  return { ...CORS_HEADERS, 'access-control-allow-origin': origin, vary: 'Origin' };
}

/** The extra headers of a request with no Origin (every API client's): shared, never written. */
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const headers = req.headers;
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * `extra` then `answer`'s headers in one new object (the transport adds its own to it), and
 * whether every value of `answer`'s is ASCII (its UTF-8 length is its length): one pass.
 */
function joinHeaders(
  extra: Readonly<Record<string, string>>,
  own: Readonly<Record<string, string>> | undefined,
): { headers: Record<string, string>; ascii: boolean } {
  const headers: Record<string, string> = extra === NO_HEADERS ? {} : { ...extra };
  let ascii = true;
  for (const name in own) {
    const value = String(own[name]);
    headers[name] = value;
    if (ascii && Buffer.byteLength(value) !== value.length) ascii = false;
  }
  return { headers, ascii };
}

function send(
  res: ServerResponse,
  answer: HttpResponse,
  extra: Readonly<Record<string, string>>,
  batch: WriteBatch,
): void {
  // A body given as text is not read as `body` (which would parse it again).
  const ready = answer.text;
  const body = ready === undefined ? answer.body : undefined;
  if (body instanceof LineStream) {
    const headers: Record<string, string> = { ...extra, ...answer.headers };
    headers['content-type'] = body.contentType;
    headers['x-openstack-request-id'] ??= `req-${randomUUID()}`;
    res.writeHead(answer.status, headers);
    pumpLines(body, res).catch(() => res.destroy());
    return;
  }
  const binary = body instanceof Uint8Array;
  const text =
    ready !== undefined
      ? ready
      : binary || body === undefined || body === null
        ? ''
        : JSON.stringify(body);
  const { headers, ascii } = joinHeaders(extra, answer.headers);
  if (headers['x-openstack-request-id'] === undefined) {
    headers['x-openstack-request-id'] = `req-${randomUUID()}`;
  }
  if (binary) headers['content-type'] ??= 'application/octet-stream';
  else if (text !== '') headers['content-type'] = 'application/json';
  // JSON goes out as a string: Node then sends the head and the body in one write, where
  // bytes go as two (a bare node:http server spent 5–18% less CPU per answer so; see
  // docs/performance.md). Node encodes that joined string as UTF-8, so a head with a byte
  // over 0x7f (Latin-1 on the wire) keeps the bytes. Only the service's own headers can
  // have one: the rest (CORS, request id, types) are ASCII.
  const payload = binary ? body : ascii ? text : Buffer.from(text);
  headers['content-length'] = String(
    typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length,
  );
  batch.write(res, answer.status, headers, payload);
}

/**
 * The Node side of the server: reads the body (counting it against the mount's limit),
 * lets the clock catch up, then calls the synchronous service. Node runs one callback at a
 * time, so requests reach the single-threaded cloud one after another, in arrival order of
 * their last body byte.
 */
export function createRequestListener(hooks: TransportHooks) {
  const batch = createWriteBatch(hooks.onError);
  return (req: IncomingMessage, res: ServerResponse): void => {
    // Read only for the log line.
    const started = hooks.log ? process.hrtime.bigint() : 0n;
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
    const search = queryAt < 0 ? '' : url.slice(queryAt + 1);
    const method = (req.method ?? 'GET').toUpperCase();
    const cors = corsFor(req.headers.origin);
    const finish = (answer: HttpResponse) => {
      try {
        send(res, answer, cors, batch);
      } catch (error) {
        hooks.onError(error);
        res.destroy();
      }
      hooks.observe?.(method, url, answer.status);
      if (hooks.log) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        hooks.log(`${method} ${url} ${answer.status} ${ms.toFixed(1)}ms`);
      }
    };

    if (method === 'OPTIONS') {
      finish({
        status: 204,
        headers: { ...CORS_HEADERS, ...cors, allow: CORS_HEADERS['access-control-allow-methods'] },
      });
      req.resume();
      return;
    }

    if (hooks.allowHost && !hooks.allowHost(req.headers.host)) {
      finish({
        status: 400,
        headers: { connection: 'close' },
        body: {
          error: {
            code: 400,
            title: 'Bad Request',
            message: 'Host header names no address of this server',
          },
        },
      });
      req.resume();
      return;
    }

    const { mount, path } = hooks.route(rawPath);
    const flat = flatHeaders(req);
    const refused = mount.gate?.(flat);
    if (refused !== undefined) {
      finish({ ...refused, headers: { ...refused.headers, connection: 'close' } });
      req.resume();
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    let tooLarge = declared > mount.maxBodyBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > mount.maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
      } else {
        chunks.push(chunk);
      }
    });
    req.on('error', () => res.destroy());
    const handle = () => {
      let answer: HttpResponse;
      try {
        hooks.before();
        const bytes = tooLarge ? undefined : chunks.length === 0 ? NO_BYTES : Buffer.concat(chunks);
        let text: string | undefined;
        // No body (every GET): nothing to join or decode.
        if (bytes === NO_BYTES) {
          text = '';
        } else if (bytes !== undefined && mount.notUtf8 !== undefined) {
          try {
            text = STRICT_UTF8.decode(bytes);
          } catch {
            text = undefined;
          }
        } else if (bytes !== undefined) {
          text = bytes.toString('utf8');
        }
        const refusal =
          text === undefined && bytes !== undefined
            ? mount.notUtf8!({ path, headers: flat })
            : undefined;
        if (text === undefined && bytes !== undefined && refusal === undefined)
          text = bytes.toString('utf8');
        if (tooLarge) {
          answer = mount.tooLarge();
        } else if (text === undefined) {
          answer = refusal!;
        } else {
          const raw = bytes ?? Buffer.alloc(0);
          answer = mount.service({
            method: method === 'HEAD' ? 'GET' : method,
            head: method === 'HEAD',
            path,
            search,
            headers: flat,
            body: text,
            raw,
          });
        }
      } catch (error) {
        hooks.onError(error);
        answer = {
          status: 500,
          body: { error: { code: 500, title: 'Internal Server Error', message: String(error) } },
        };
      }
      finish(answer);
    };
    req.on('end', () => {
      const held = hooks.idle?.();
      if (held) void held.then(handle);
      else handle();
    });
  };
}
