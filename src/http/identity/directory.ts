import type { IdentityService } from '../../identity/index.js';

export type { IdentityInput, ProjectInput, UserInput } from '../../identity/index.js';
export { DEFAULT_DOMAIN, DEFAULT_IDENTITY, stableId } from '../../identity/index.js';

export interface Project {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
}

export interface Role {
  readonly id: string;
  readonly name: string;
}

export interface User {
  readonly id: string;
  readonly name: string;
  /** null for a user created without one: such a user cannot authenticate. */
  readonly password: string | null;
  readonly email: string | null;
  readonly enabled: boolean;
  readonly defaultProjectId: string | null;
  /** Effective role names (implied ones included) by project id, from the current grants. */
  readonly roles: ReadonlyMap<string, readonly string[]>;
}

/** The cloud's users, projects and roles, read live (a restore or reset replaces them). */
export interface Directory {
  readonly projects: readonly Project[];
  readonly users: readonly User[];
  readonly roles: readonly Role[];
  project(id: string): Project | undefined;
  projectByName(name: string): Project | undefined;
  user(id: string): User | undefined;
  userByName(name: string): User | undefined;
  /** Role names as Keystone lists them in a token, for a user on a project. */
  rolesOn(userId: string, projectId: string): readonly Role[];
}

/**
 * A read view of the cloud's Keystone records for the HTTP layer (tokens, banner).
 *
 * @example
 * const directory = createDirectory(() => holder.cloud.identity);
 * directory.userByName('demo')?.id;
 */
export function createDirectory(identity: () => IdentityService): Directory {
  const project = (p: ReturnType<IdentityService['project']>): Project | undefined =>
    p && { id: p.id, name: p.name, description: p.description, enabled: p.enabled };
  const user = (u: ReturnType<IdentityService['user']>): User | undefined => {
    if (!u) return undefined;
    const email = u.extra.email;
    // Every authenticated request looks its user up; the role map is only built when read.
    let roles: Map<string, readonly string[]> | undefined;
    return {
      id: u.id,
      name: u.name,
      password: u.password,
      email: typeof email === 'string' ? email : null,
      enabled: u.enabled,
      defaultProjectId: u.defaultProjectId,
      get roles() {
        if (!roles) {
          const service = identity();
          roles = new Map(
            service
              .projectsOf(u.id)
              .map((p) => [p.id, service.rolesOn(u.id, p.id).map((r) => r.name)]),
          );
        }
        return roles;
      },
    };
  };
  return {
    get projects() {
      return identity()
        .projects()
        .map((p) => project(p)!);
    },
    get users() {
      return identity()
        .users()
        .map((u) => user(u)!);
    },
    get roles() {
      return identity()
        .roles()
        .map((r) => ({ id: r.id, name: r.name }));
    },
    project: (id) => project(identity().project(id)),
    projectByName: (name) => project(identity().projectByName(name)),
    user: (id) => user(identity().user(id)),
    userByName: (name) => user(identity().userByName(name)),
    rolesOn: (userId, projectId) =>
      identity()
        .rolesOn(userId, projectId)
        .map((r) => ({ id: r.id, name: r.name })),
  };
}
