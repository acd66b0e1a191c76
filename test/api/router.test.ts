import { describe, expect, it } from 'vitest';
import type { Route } from '../../src/api/context.js';
import { Microversion } from '../../src/api/microversion.js';
import { Router } from '../../src/api/router.js';

const handler = () => ({ status: 200, body: null });
const route = (method: string, path: string, extra: Partial<Route> = {}): Route =>
  ({ method, path, handler, ...extra }) as Route;

// The router tries only the routes of a path's shape (segment count, literal first segment):
// the answers must be those of trying every route in declaration order.
describe('Router', () => {
  const routes = [
    route('GET', '/servers/detail'),
    route('GET', '/servers/{server_id}'),
    route('DELETE', '/servers/{server_id}'),
    route('GET', '/{owner}/things'),
    route('GET', '/flavors/{flavor_id}', { minVersion: '2.50' }),
    route('GET', '/'),
  ];
  const router = new Router(routes);
  const v = (text: string) => Microversion.of(text);

  it('takes the first declared route that matches, literal before parameter', () => {
    const detail = router.match('GET', '/servers/detail', v('2.1'));
    expect(detail).toMatchObject({ kind: 'found', route: routes[0], params: {} });
    const show = router.match('GET', '/servers/abc', v('2.1'));
    expect(show).toMatchObject({ kind: 'found', route: routes[1], params: { server_id: 'abc' } });
  });

  it('matches a route whose first segment is a parameter, for literal and other first segments', () => {
    expect(router.match('GET', '/anyone/things', v('2.1'))).toMatchObject({
      kind: 'found',
      params: { owner: 'anyone' },
    });
    expect(router.match('GET', '/servers/things', v('2.1'))).toMatchObject({
      kind: 'found',
      route: routes[1],
    });
  });

  it('answers 405 with the methods of the same path, 404 past the version or the longest route', () => {
    expect(router.match('POST', '/servers/abc', v('2.1'))).toEqual({
      kind: 'bad-method',
      allowed: ['GET', 'DELETE'],
    });
    expect(router.match('GET', '/flavors/1', v('2.1'))).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/flavors/1', v('2.50'))).toMatchObject({ kind: 'found' });
    expect(router.match('GET', '/servers/a/b/c/d/e', v('2.1'))).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/', v('2.1'))).toMatchObject({ kind: 'found', route: routes[5] });
  });

  it('decodes parameters, and compares literals undecoded', () => {
    expect(router.match('GET', '/servers/a%20b', v('2.1'))).toMatchObject({
      params: { server_id: 'a b' },
    });
    expect(router.match('GET', '/serv%65rs/detail', v('2.1'))).toEqual({ kind: 'not-found' });
    // A malformed escape is kept as sent; a segment with no escape comes back as it is.
    expect(router.match('GET', '/servers/a%zzb', v('2.1'))).toMatchObject({
      params: { server_id: 'a%zzb' },
    });
    expect(router.match('GET', '/servers/abc', v('2.1'))).toMatchObject({
      params: { server_id: 'abc' },
    });
  });
});
