import type { ClockDriver } from '../clock-driver.js';
import type { CloudHolder } from '../cloud-holder.js';
import { json } from '../responses.js';
import type { HttpRequest, HttpResponse } from '../types.js';
import { liveViewHtml } from './page.js';
import type { RecentRequests } from './recent-requests.js';
import { liveState } from './state.js';

export interface LiveViewDeps {
  readonly holder: CloudHolder;
  readonly driver: ClockDriver;
  readonly requests?: RecentRequests | undefined;
}

/**
 * `GET /_sim/view` (the page) and `GET /_sim/view/state` (what it draws, as JSON), behind
 * the control API's gate. `path` is the control path without slashes (`view/state`).
 * Undefined for any other path, which the control API then answers.
 *
 * @example
 * const view = createLiveView({ holder, driver, requests });
 * view({ ...request, method: 'GET' }, 'view/state'); // { status: 200, body: { clock, hosts, … } }
 */
export function createLiveView(deps: LiveViewDeps) {
  const page = new TextEncoder().encode(liveViewHtml());
  return (request: HttpRequest, path: string): HttpResponse | undefined => {
    if (path !== 'view' && path !== 'view/state') return undefined;
    if (request.method !== 'GET') {
      return json(405, {
        error: {
          code: 405,
          title: 'Method Not Allowed',
          message: 'The live view is read with GET.',
        },
      });
    }
    if (path === 'view/state') {
      return json(200, liveState(deps.holder, deps.driver, deps.requests), {
        'cache-control': 'no-store',
      });
    }
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      body: page,
    };
  };
}
