import { createHash } from 'node:crypto';
import {
  type Assignment,
  DEFAULT_DOMAIN,
  type IdentitySnapshot,
  type ProjectRecord,
  type RoleRecord,
  type UserRecord,
} from './records.js';

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

/** The identity a cloud starts with (the `identity` part of a serve config). */
export interface IdentityInput {
  readonly projects?: readonly ProjectInput[];
  readonly users?: readonly UserInput[];
}

/**
 * DevStack's accounts: projects `admin`, `demo` and `service`; `admin`/`admin` with the
 * admin role on `admin`, `demo`/`demo` member of `demo`.
 */
export const DEFAULT_IDENTITY: IdentityInput = {
  projects: [
    { name: 'admin', description: 'Bootstrap project for initializing the cloud.' },
    { name: 'demo', description: '' },
    { name: 'service', description: '' },
  ],
  users: [
    { name: 'admin', password: 'admin', projects: { admin: ['admin'] } },
    { name: 'demo', password: 'demo', projects: { demo: ['member'] } },
  ],
};

/** DevStack's roles (keystone-manage bootstrap's plus `service`) and their implications. */
const DEFAULT_ROLES = ['admin', 'member', 'reader', 'service'] as const;
const DEFAULT_IMPLIED: readonly [string, string][] = [
  ['admin', 'member'],
  ['member', 'reader'],
];

/**
 * A Keystone-looking id (32 hex digits), the same for the same name on every run: seeded
 * records take these so that they cost no draw from the cloud's PRNG.
 *
 * @example
 * stableId('project', 'demo'); // always the same 32 hex digits
 */
export function stableId(kind: string, name: string): string {
  return createHash('sha256').update(`${kind}:${name}`).digest('hex').slice(0, 32);
}

/**
 * The identity records an input describes: projects named in a user's roles but not
 * declared are created; ids default to {@link stableId}. Throws a TypeError on a bad input.
 *
 * @example
 * const snapshot = seedIdentity({ users: [{ name: 'ci', password: 's3cret', projects: { ci: ['member'] } }] });
 */
export function seedIdentity(input: IdentityInput = DEFAULT_IDENTITY): IdentitySnapshot {
  const projects = new Map<string, ProjectRecord>();
  const addProject = (spec: ProjectInput): ProjectRecord => {
    if (typeof spec?.name !== 'string' || spec.name === '') {
      throw new TypeError('identity: every project needs a name');
    }
    const existing = projects.get(spec.name);
    if (existing) return existing;
    const project: ProjectRecord = {
      id: spec.id ?? stableId('project', spec.name),
      name: spec.name,
      description: spec.description ?? '',
      domainId: DEFAULT_DOMAIN.id,
      parentId: DEFAULT_DOMAIN.id,
      enabled: true,
      tags: [],
      extra: {},
    };
    projects.set(project.name, project);
    return project;
  };
  for (const spec of input.projects ?? []) addProject(spec);

  const roles = new Map<string, RoleRecord>();
  const addRole = (name: string): RoleRecord => {
    let role = roles.get(name);
    if (!role) {
      role = { id: stableId('role', name), name, description: null };
      roles.set(name, role);
    }
    return role;
  };
  for (const name of DEFAULT_ROLES) addRole(name);

  const users = new Map<string, UserRecord>();
  const assignments: Assignment[] = [];
  for (const spec of input.users ?? []) {
    if (typeof spec?.name !== 'string' || spec.name === '' || typeof spec.password !== 'string') {
      throw new TypeError('identity: every user needs a name and a password');
    }
    if (users.has(spec.name)) throw new TypeError(`identity: user ${spec.name} twice`);
    const id = spec.id ?? stableId('user', spec.name);
    let defaultProjectId: string | null = null;
    for (const [projectName, names] of Object.entries(spec.projects ?? {})) {
      if (!Array.isArray(names)) {
        throw new TypeError(`identity: roles of ${spec.name} on ${projectName} must be a list`);
      }
      const project = addProject({ name: projectName });
      defaultProjectId ??= project.id;
      for (const name of names.map(String)) {
        const roleId = addRole(name).id;
        if (
          !assignments.some(
            (a) => a.projectId === project.id && a.userId === id && a.roleId === roleId,
          )
        ) {
          assignments.push({ projectId: project.id, userId: id, roleId });
        }
      }
    }
    users.set(spec.name, {
      id,
      name: spec.name,
      domainId: DEFAULT_DOMAIN.id,
      password: spec.password,
      enabled: true,
      defaultProjectId,
      description: null,
      extra: spec.email === undefined ? {} : { email: spec.email },
      revision: 0,
    });
  }
  const roleId = (name: string) => roles.get(name)!.id;
  return {
    version: 1,
    projects: [...projects.values()],
    users: [...users.values()],
    roles: [...roles.values()],
    implied: DEFAULT_IMPLIED.map(([prior, implied]) => ({
      prior: roleId(prior),
      implied: roleId(implied),
    })),
    assignments,
  };
}
