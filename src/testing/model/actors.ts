import type { Auth } from '../../api/context.js';

/** The two tenant projects random traffic runs in; admins come from a third. */
export const PROJECTS = ['alpha', 'beta'] as const;
export type Project = (typeof PROJECTS)[number];

/** Who sends a request about a server: its owner, a member of the other project, an admin. */
export type Actor = 'owner' | 'other' | 'admin';

export const ADMIN_AUTH: Auth = { projectId: 'ops', userId: 'operator', roles: ['admin'] };

/** A plain member of a project (user `<project>-user`). */
export function memberAuth(projectId: string): Auth {
  return { projectId, userId: `${projectId}-user`, roles: ['member'] };
}

/** The auth of an actor relative to a server's project. */
export function actorAuth(actor: Actor, ownerProject: string): Auth {
  if (actor === 'admin') return ADMIN_AUTH;
  if (actor === 'owner') return memberAuth(ownerProject);
  const other = PROJECTS.find((p) => p !== ownerProject) ?? 'gamma';
  return memberAuth(other);
}
