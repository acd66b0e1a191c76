import type { Auth } from '../service/contract.js';
import { forbidden, imageNotFound, policyForbidden } from './errors.js';
import type { ImageMember, ImageRecord } from './records.js';

/** Keystone's implied roles: admin implies member, member implies reader. */
export const isAdmin = (auth: Auth) => auth.roles.includes('admin');
export const isMember = (auth: Auth) => isAdmin(auth) || auth.roles.includes('member');
export const isReader = (auth: Auth) => isMember(auth) || auth.roles.includes('reader');

/** glance/db/utils `is_image_visible`: a shared image is seen by its members, whatever their status. */
export function isVisible(image: ImageRecord, auth: Auth): boolean {
  if (isAdmin(auth) || image.owner === null) return true;
  if (image.visibility === 'public' || image.visibility === 'community') return true;
  return image.owner === auth.projectId || memberOf(image, auth) !== undefined;
}

/**
 * The caller's own membership of a shared image it does not own: Glance sets it as the
 * image's `member` for the policy checks (glance/db `_format_image_from_db`).
 */
export function memberOf(image: ImageRecord, auth: Auth): ImageMember | undefined {
  if (image.visibility !== 'shared' || image.owner === auth.projectId) return undefined;
  return image.members?.find((m) => m.memberId === auth.projectId);
}

/** Owner-project member or admin: Glance's ADMIN_OR_PROJECT_MEMBER on the image's owner. */
export function isOwnerMember(image: ImageRecord, auth: Auth): boolean {
  return isAdmin(auth) || (isMember(auth) && image.owner === auth.projectId);
}

/** `download_image`: ADMIN_OR_PROJECT_MEMBER_DOWNLOAD_IMAGE, on an image the caller sees. */
export function canDownload(image: ImageRecord, auth: Auth): boolean {
  return isAdmin(auth) || (isMember(auth) && isVisible(image, auth));
}

/** `get_image`: ADMIN_OR_PROJECT_READER_GET_IMAGE. */
export function canGet(image: ImageRecord, auth: Auth): boolean {
  return isAdmin(auth) || (isReader(auth) && isVisible(image, auth));
}

/**
 * Enforces an owner-member policy (modify_image, delete_image, upload_image, deactivate,
 * reactivate) as `ImageAPIPolicy._enforce` does: 404 when the caller could not even see the
 * image, Glance's policy 403 otherwise.
 */
export function enforceOwner(image: ImageRecord, auth: Auth, action: string): void {
  if (isOwnerMember(image, auth)) return;
  if (!canGet(image, auth)) throw imageNotFound(image.id);
  throw policyForbidden(action);
}

/** `_enforce_image_visibility`: public needs admin (publicize_image); community a member. */
export function enforceVisibility(visibility: unknown, owner: string | null, auth: Auth): void {
  if (visibility === 'public' && !isAdmin(auth)) throw policyForbidden('publicize_image');
  if (
    visibility === 'community' &&
    !(isAdmin(auth) || (isMember(auth) && owner === auth.projectId))
  )
    throw policyForbidden('communitize_image');
}

/** `add_image`: a member creating in its own project, or an admin for any owner. */
export function enforceCreate(owner: string, auth: Auth): void {
  if (isAdmin(auth)) return;
  if (owner !== auth.projectId)
    throw forbidden(`You are not permitted to create images owned by '${owner}'`);
  if (!isMember(auth)) throw policyForbidden('add_image');
}
