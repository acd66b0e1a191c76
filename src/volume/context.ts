import type { Microversion } from '../api/microversion.js';
import type { Auth } from '../service/contract.js';
import type { VolumeCore } from './core.js';

/** One Cinder request as a handler sees it. */
export interface VolumeContext {
  readonly core: VolumeCore;
  readonly method: string;
  readonly version: Microversion;
  readonly auth: Auth;
  /** Keystone's `admin` role, as Cinder's `context.is_admin`. */
  readonly isAdmin: boolean;
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters, each with every value given. */
  readonly query: ReadonlyMap<string, readonly string[]>;
  readonly body: unknown;
  /** `<endpoint>/v3/<project>` for self links; `<endpoint>/<project>` for bookmarks. */
  readonly links: { readonly self: string; readonly bookmark: string };
}

export interface VolumeResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export type VolumeHandler = (ctx: VolumeContext) => VolumeResult;

export interface VolumeRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** e.g. `/volumes/{id}/action` */
  readonly path: string;
  readonly handler: VolumeHandler;
  /** Routes added by a microversion answer 404 below it. */
  readonly minVersion?: string;
}

/** The first value of a query parameter. */
export function queryOne(ctx: VolumeContext, name: string): string | undefined {
  return ctx.query.get(name)?.[0];
}
