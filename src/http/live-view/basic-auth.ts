import type { Auth } from '../../api/context.js';
import type { Identity } from '../identity/identity.js';

/**
 * The caller of an `Authorization: Basic` header: a Keystone user of the directory, by
 * name and password, with the admin role on one of its projects. A browser can log in to
 * the live view this way; API clients send an admin token instead.
 *
 * @example
 * basicAuth(identity, `Basic ${btoa('admin:admin')}`); // { projectId, userId, roles: ['admin'] }
 */
export function basicAuth(identity: Identity, header: string | undefined): Auth | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = identity.directory.userByName(decoded.slice(0, colon));
  if (!user?.enabled || user.password === null || user.password !== decoded.slice(colon + 1)) {
    return undefined;
  }
  for (const project of identity.directory.projects) {
    if (!project.enabled) continue;
    const roles = identity.directory.rolesOn(user.id, project.id).map((r) => r.name);
    if (roles.includes('admin')) return { projectId: project.id, userId: user.id, roles };
  }
  return undefined;
}
