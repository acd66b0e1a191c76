import type { Microversion } from '../../microversion.js';
import type { Schema } from '../validate.js';
import { TAG, TAGS } from './parameter-types.js';
import { strictObject } from './versioned.js';

// nova/api/openstack/compute/schemas/server_tags.py. The tags API itself starts at 2.26;
// routing decides that, so these do not depend on the version.

const TAGS_BODY = strictObject({ tags: TAGS }, ['tags']);

/**
 * `replaceAll`: the body of PUT /servers/{id}/tags, `{"tags": [...]}` (≤ 50 tags of 1–60
 * characters without `,` or `/`). `tag`: the rule for one tag, which Nova applies to the
 * `{tag}` of PUT /servers/{id}/tags/{tag}.
 *
 * @example
 * validateBody(TAG_SCHEMAS.replaceAll(ctx.version), { tags: ['a', 'b'] });
 */
export const TAG_SCHEMAS: Readonly<
  Record<'replaceAll' | 'tag', (version: Microversion) => Schema>
> = {
  replaceAll: () => TAGS_BODY,
  tag: () => TAG,
};
