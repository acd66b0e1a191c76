import type { ImageStatus } from './records.js';

/**
 * Glance's status moves (glance/domain `Image.valid_state_targets`): from each status, the
 * statuses an image may go to. `pending_delete` is left out: the simulator deletes at once.
 */
export const IMAGE_TRANSITIONS: Readonly<Record<ImageStatus, readonly ImageStatus[]>> = {
  queued: ['saving', 'uploading', 'importing', 'active', 'deleted'],
  saving: ['active', 'killed', 'deleted', 'queued'],
  uploading: ['importing', 'queued', 'deleted'],
  importing: ['active', 'deleted', 'queued'],
  active: ['deleted', 'deactivated'],
  killed: ['deleted'],
  deleted: [],
  deactivated: ['active', 'deleted'],
};

/** The timed steps of an image, as clock tasks of kind `image`. */
export type ImageStep =
  /** Upload done: saving → active (or back to queued when the upload fails). */
  | 'upload-done'
  /** glance-direct import done: importing → active. */
  | 'import-done'
  /** A Nova snapshot starts uploading: queued → saving. */
  | 'snapshot-saving';

export function canMove(from: ImageStatus, to: ImageStatus): boolean {
  return IMAGE_TRANSITIONS[from].includes(to);
}

/** Glance's InvalidImageStatusTransition message. */
export function transitionMessage(from: ImageStatus, to: ImageStatus): string {
  return `Image status transition from ${from} to ${to} is not allowed`;
}
