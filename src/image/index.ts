export { isOwnerMember, isVisible } from './access.js';
export { GlanceError, isGlanceError } from './errors.js';
export { IMAGE_TRANSITIONS } from './machine.js';
export type { ImageRecord, ImageStatus, ImageVisibility } from './records.js';
export { DEFAULT_IMAGES } from './records.js';
export type {
  ImageService,
  ImageServiceOptions,
  ImageServiceSnapshot,
  SnapshotRequest,
} from './service.js';
export { createImageService } from './service.js';
