import type { VolumeTypeRecord } from './records.js';

/**
 * Whether a project may see and use a type: public, an admin, or a private type shared with
 * the project (Cinder's db _volume_type_get_query for a non-admin context).
 *
 * @example
 * typeVisibleTo(type, { projectId: 'p', isAdmin: false });
 */
export function typeVisibleTo(
  type: VolumeTypeRecord,
  caller: { readonly projectId: string; readonly isAdmin: boolean },
): boolean {
  return type.isPublic || caller.isAdmin || (type.projects ?? []).includes(caller.projectId);
}
