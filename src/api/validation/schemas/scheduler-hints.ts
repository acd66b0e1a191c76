import type { Schema } from '../validate.js';
import { IP_ADDRESS, NAME, UUID } from './parameter-types.js';

/**
 * `os:scheduler_hints` / `OS-SCH-HNT:scheduler_hints` beside `server` in a create body. Only
 * the hints Nova's own filters read are typed; any other key is allowed, because out-of-tree
 * filters read their own hints.
 */
export const SCHEDULER_HINTS: Schema = {
  type: 'object',
  properties: {
    group: {
      oneOf: [{ type: 'array', items: UUID }, UUID],
    },
    // One server as a string, several as an array.
    different_host: {
      oneOf: [UUID, { type: 'array', items: UUID }],
    },
    same_host: { type: ['string', 'array'], items: UUID },
    // A JSON-encoded filter expression, or the decoded object.
    query: { type: ['string', 'object'] },
    target_cell: NAME,
    different_cell: { type: ['string', 'array'], items: { type: 'string' } },
    build_near_host_ip: IP_ADDRESS,
    cidr: { type: 'string', pattern: '^/[0-9a-f.:]+$' },
  },
  additionalProperties: true,
};
