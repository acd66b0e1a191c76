import type { Microversion } from '../../microversion.js';
import type { Schema } from '../validate.js';
import { METADATA } from './parameter-types.js';
import { strictObject } from './versioned.js';

// nova/api/openstack/compute/schemas/server_metadata.py; the same at every microversion.

const METADATA_BODY = strictObject({ metadata: METADATA }, ['metadata']);

// Exactly one item; the controller then checks that its key is the one in the URL.
const META_ITEM_BODY = strictObject({ meta: { ...METADATA, minProperties: 1, maxProperties: 1 } }, [
  'meta',
]);

/**
 * Bodies of the server metadata API: `replaceAll` (PUT /metadata), `merge` (POST /metadata),
 * both `{"metadata": {...}}`, and `setItem` (PUT /metadata/{key}), `{"meta": {key: value}}`.
 *
 * @example
 * validateBody(METADATA_SCHEMAS.setItem(ctx.version), { meta: { foo: 'bar' } });
 */
export const METADATA_SCHEMAS: Readonly<
  Record<'replaceAll' | 'merge' | 'setItem', (version: Microversion) => Schema>
> = {
  replaceAll: () => METADATA_BODY,
  merge: () => METADATA_BODY,
  setItem: () => META_ITEM_BODY,
};
