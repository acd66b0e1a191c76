import { randomUUID } from 'node:crypto';
import type { Mount } from '../http/transport.js';
import type { HttpResponse } from '../http/types.js';

/** The routing of one origin: the same as the server's listener on that port. */
export type Route = (path: string) => { readonly mount: Mount; readonly path: string };

/**
 * Answers a Fetch API request the way the HTTP server would answer it on the wire: the
 * body counted against the mount's limit, the service called synchronously, the answer
 * serialised as JSON with a request id.
 *
 * @example
 * const response = await answer(new Request('http://cloud.test/compute/v2.1/'), routeMain(mounts), () => {});
 */
export async function answer(
  request: Request,
  route: Route,
  before: () => void,
): Promise<Response> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const { mount, path } = route(url.pathname);
  const bytes = new Uint8Array(await request.arrayBuffer());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  before();
  const reply: HttpResponse =
    bytes.byteLength > mount.maxBodyBytes
      ? mount.tooLarge()
      : mount.service({
          method: method === 'HEAD' ? 'GET' : method,
          head: method === 'HEAD',
          path,
          search: url.search.replace(/^\?/, ''),
          headers,
          body: new TextDecoder().decode(bytes),
        });
  return toResponse(reply, method === 'HEAD');
}

/** Statuses whose answer has no body (the Response constructor refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

function toResponse(reply: HttpResponse, head: boolean): Response {
  // A body given as text (Nova's cached server views) goes out as it is, unparsed.
  const body = reply.text === undefined ? reply.body : undefined;
  const payload = reply.text ?? (body === undefined || body === null ? '' : JSON.stringify(body));
  const headers = new Headers(reply.headers);
  if (!headers.has('x-openstack-request-id'))
    headers.set('x-openstack-request-id', `req-${randomUUID()}`);
  if (payload !== '') headers.set('content-type', 'application/json');
  headers.set('content-length', String(Buffer.byteLength(payload)));
  const empty = head || payload === '' || NO_BODY.has(reply.status);
  return new Response(empty ? null : payload, { status: reply.status, headers });
}
