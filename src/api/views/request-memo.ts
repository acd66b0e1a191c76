import type { ApiContext } from '../context.js';
import { permitted } from '../policy.js';

/**
 * What every view of one request shares: its microversion's gates, the policy answers
 * that do not depend on the server (a detail list checks against the caller's own
 * project), and the parts read from other services per image. A page of 1,000 detail
 * views works each out once instead of 1,000 times (issue 14: ≤ 20 ms a page at 1M).
 */
export interface RequestMemo {
  /** 2.3: `delete_on_termination` in `volumes_attached`. */
  readonly volumeFlag: boolean;
  /** 2.47: the flavor embedded rather than linked. */
  readonly embeddedFlavor: boolean;
  /** 2.98: the image's `properties`. */
  readonly imageProperties: boolean;
  /** `servers:show:flavor-extra-specs` checked without a target (a detail list's check). */
  readonly listExtraSpecs: boolean;
  /** Per image id: the bookmark href and, from 2.98, the properties a view shows. */
  readonly images: Map<string, ImageParts>;
  /** Per field table and form: the fields this request shows (see `server-fields.ts`). */
  readonly fields: Map<object, Map<string, unknown>>;
}

export interface ImageParts {
  readonly href: string;
  readonly properties: Readonly<Record<string, unknown>> | undefined;
}

const memos = new WeakMap<ApiContext, RequestMemo>();

/**
 * The request's memo, made on its first view.
 *
 * @example
 * if (requestMemo(ctx).embeddedFlavor) view.flavor = embedded(flavor);
 */
export function requestMemo(ctx: ApiContext): RequestMemo {
  let memo = memos.get(ctx);
  if (memo === undefined) {
    const { version } = ctx;
    memo = {
      volumeFlag: version.atLeast('2.3'),
      embeddedFlavor: version.atLeast('2.47'),
      imageProperties: version.atLeast('2.98'),
      listExtraSpecs: permitted(ctx, 'os_compute_api:servers:show:flavor-extra-specs'),
      images: new Map(),
      fields: new Map(),
    };
    memos.set(ctx, memo);
  }
  return memo;
}
