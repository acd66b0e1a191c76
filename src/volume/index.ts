export type { VolumeDeps, VolumeImage } from './core.js';
export { VOLUME_HOST, VolumeCore } from './core.js';
export { CinderError, isCinderError } from './errors.js';
export type { AttachmentRecord, SnapshotRecord, VolumeRecord, VolumeStatus } from './records.js';
export type { VolumeService, VolumeServiceSnapshot } from './service.js';
export { createVolumeService } from './service.js';
