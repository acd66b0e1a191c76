export { errors, isKeystoneError, KeystoneError } from './errors.js';
export type {
  Assignment,
  IdentitySnapshot,
  ProjectRecord,
  RoleRecord,
  UserRecord,
} from './records.js';
export { DEFAULT_DOMAIN } from './records.js';
export type { IdentityInput, ProjectInput, UserInput } from './seed.js';
export { DEFAULT_IDENTITY, seedIdentity, stableId } from './seed.js';
export type { IdentityDeps, IdentityService } from './service.js';
export { createIdentityService, LINK_BASE_HEADER } from './service.js';
