import { createHash } from 'node:crypto';

/** Keystone's default domain, the only one the simulator has. */
export const DEFAULT_DOMAIN = { id: 'default', name: 'Default' } as const;

/** Keystone's default implied roles: admin implies member, member implies reader. */
const IMPLIED: Readonly<Record<string, readonly string[]>> = {
  admin: ['member', 'reader'],
  member: ['reader'],
};

export interface ProjectInput {
  readonly name: string;
  readonly id?: string;
  readonly description?: string;
}

export interface UserInput {
  readonly name: string;
  readonly password: string;
  readonly id?: string;
  readonly email?: string;
  /** Role names by project name; the first project is the user's default project. */
  readonly projects?: Readonly<Record<string, readonly string[]>>;
}

/** The `identity` part of a serve config. */
export interface IdentityInput {
  readonly projects?: readonly ProjectInput[];
  readonly users?: readonly UserInput[];
}

export interface Project {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

export interface Role {
  readonly id: string;
  readonly name: string;
}

export interface User {
  readonly id: string;
  readonly name: string;
  readonly password: string;
  readonly email: string | null;
  readonly defaultProjectId: string | null;
  /** Effective role names (implied ones included) by project id. */
  readonly roles: ReadonlyMap<string, readonly string[]>;
}

/** `admin`/`admin` with the admin role on project `admin`, `demo`/`demo` member of `demo`. */
export const DEFAULT_IDENTITY: IdentityInput = {
  projects: [
    { name: 'admin', description: 'Bootstrap project for initializing the cloud.' },
    { name: 'demo', description: '' },
  ],
  users: [
    { name: 'admin', password: 'admin', projects: { admin: ['admin'] } },
    { name: 'demo', password: 'demo', projects: { demo: ['member'] } },
  ],
};

/** Users, projects and roles, resolved and indexed. */
export interface Directory {
  readonly projects: readonly Project[];
  readonly users: readonly User[];
  readonly roles: readonly Role[];
  project(id: string): Project | undefined;
  projectByName(name: string): Project | undefined;
  user(id: string): User | undefined;
  userByName(name: string): User | undefined;
  role(name: string): Role;
}

/** A Keystone-looking id (32 hex digits) that is the same for the same name on every run. */
export function stableId(kind: string, name: string): string {
  return createHash('sha256').update(`${kind}:${name}`).digest('hex').slice(0, 32);
}

function effectiveRoles(names: readonly string[]): string[] {
  const out = new Set<string>();
  const add = (name: string) => {
    if (out.has(name)) return;
    out.add(name);
    for (const implied of IMPLIED[name] ?? []) add(implied);
  };
  for (const name of names) add(name);
  return [...out];
}

/**
 * Resolves an identity config: projects named in a user's roles but not declared are
 * created; ids default to {@link stableId}. Throws a TypeError on a bad config.
 *
 * @example
 * const directory = createDirectory({ users: [{ name: 'ci', password: 's3cret', projects: { ci: ['member'] } }] });
 */
export function createDirectory(input: IdentityInput = DEFAULT_IDENTITY): Directory {
  const projects = new Map<string, Project>();
  const byName = new Map<string, Project>();
  const addProject = (spec: ProjectInput): Project => {
    if (typeof spec?.name !== 'string' || spec.name === '') {
      throw new TypeError('identity: every project needs a name');
    }
    const existing = byName.get(spec.name);
    if (existing) return existing;
    const project: Project = {
      id: spec.id ?? stableId('project', spec.name),
      name: spec.name,
      description: spec.description ?? '',
    };
    projects.set(project.id, project);
    byName.set(project.name, project);
    return project;
  };
  for (const spec of input.projects ?? []) addProject(spec);

  const roleNames = new Set<string>(['admin', 'member', 'reader']);
  const users = new Map<string, User>();
  const usersByName = new Map<string, User>();
  for (const spec of input.users ?? []) {
    if (typeof spec?.name !== 'string' || spec.name === '' || typeof spec.password !== 'string') {
      throw new TypeError('identity: every user needs a name and a password');
    }
    if (usersByName.has(spec.name)) throw new TypeError(`identity: user ${spec.name} twice`);
    const roles = new Map<string, readonly string[]>();
    for (const [projectName, names] of Object.entries(spec.projects ?? {})) {
      if (!Array.isArray(names)) {
        throw new TypeError(`identity: roles of ${spec.name} on ${projectName} must be a list`);
      }
      const effective = effectiveRoles(names.map(String));
      for (const name of effective) roleNames.add(name);
      roles.set(addProject({ name: projectName }).id, effective);
    }
    const user: User = {
      id: spec.id ?? stableId('user', spec.name),
      name: spec.name,
      password: spec.password,
      email: spec.email ?? null,
      defaultProjectId: roles.keys().next().value ?? null,
      roles,
    };
    users.set(user.id, user);
    usersByName.set(user.name, user);
  }
  const roles = new Map<string, Role>(
    [...roleNames].map((name) => [name, { id: stableId('role', name), name }]),
  );

  return {
    projects: [...projects.values()],
    users: [...users.values()],
    roles: [...roles.values()],
    project: (id) => projects.get(id),
    projectByName: (name) => byName.get(name),
    user: (id) => users.get(id),
    userByName: (name) => usersByName.get(name),
    role: (name) => roles.get(name) ?? { id: stableId('role', name), name },
  };
}
