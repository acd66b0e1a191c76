export { ACTION_SCHEMAS } from './actions.js';
export { METADATA_SCHEMAS } from './metadata.js';
export {
  createServerSchema,
  rebuildSchema,
  resizeSchema,
  updateServerSchema,
} from './servers.js';
export { TAG_SCHEMAS } from './tags.js';

export type { Gate, VersionedSchema } from './versioned.js';
