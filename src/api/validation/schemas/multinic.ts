import type { Microversion } from '../../microversion.js';
import type { Schema } from '../validate.js';
import { IP_ADDRESS } from './parameter-types.js';
import { actionBody, byVersion, strictObject } from './versioned.js';

// nova/api/openstack/compute/schemas/multinic.py; the actions are gone from 2.44.

// jsonschema applies the length bounds to strings only: a number passes as it is.
const NETWORK_ID: Schema = { type: ['string', 'number'], minLength: 1, maxLength: 36 };

const until244 = (schema: Schema) =>
  byVersion([
    ['2.1', schema],
    ['2.44', undefined],
  ]);

/** Request-body schemas of `addFixedIp` and `removeFixedIp` on `POST /servers/{id}/action`. */
export const MULTINIC_ACTION_SCHEMAS: Record<
  string,
  (version: Microversion) => Schema | undefined
> = {
  addFixedIp: until244(
    actionBody('addFixedIp', strictObject({ networkId: NETWORK_ID }, ['networkId'])),
  ),
  removeFixedIp: until244(
    actionBody('removeFixedIp', strictObject({ address: IP_ADDRESS }, ['address'])),
  ),
};
