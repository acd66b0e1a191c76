import type { Caller } from '../compute/operations.js';
import type { Auth } from '../service/contract.js';
import type { Microversion } from './microversion.js';
import type { NovaCloud } from './nova-cloud.js';
import type { PolicyDefault } from './policy-rules.js';
import type { Query } from './query.js';

export type { Auth } from '../service/contract.js';

/** Builds hrefs the way Nova does: with the request's version prefix and project segment. */
export interface Links {
  /** `<endpoint>/v2.1[/<project>]/<path>` */
  self(path: string): string;
  /** `<endpoint>[/<project>]/<path>` */
  bookmark(path: string): string;
}

/** Everything a handler sees of one request. */
export interface ApiContext {
  readonly cloud: NovaCloud;
  readonly method: string;
  readonly version: Microversion;
  readonly auth: Auth;
  readonly isAdmin: boolean;
  readonly caller: Caller;
  readonly requestId: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Query;
  /** The parsed JSON body; undefined when there was none. */
  readonly body: unknown;
  readonly links: Links;
  /** The caller sends the answer on as JSON text: a handler may give it as `text`. */
  readonly textBody?: boolean;
}

export interface HandlerResult {
  readonly status: number;
  readonly body?: unknown;
  /** The body as JSON text, instead of `body` (only when the context's `textBody` is set). */
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (ctx: ApiContext) => HandlerResult;

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';
  /** e.g. `/servers/{server_id}/action` */
  readonly path: string;
  readonly handler: Handler;
  /** Routes added by a microversion answer 404 below it. */
  readonly minVersion?: string;
  readonly maxVersion?: string;
}

export type { PolicyDefault } from './policy-rules.js';

/** A Nova policy rule and its default check string; handlers check it with `authorize`. */
export interface RoutePolicy {
  /** e.g. `os_compute_api:os-aggregates:create` */
  readonly rule: string;
  readonly default: PolicyDefault;
}
