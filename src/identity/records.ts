/** Keystone's default domain: the only one, read-only. */
export const DEFAULT_DOMAIN = {
  id: 'default',
  name: 'Default',
  description: 'The default domain',
} as const;

export interface ProjectRecord {
  readonly id: string;
  name: string;
  description: string;
  readonly domainId: string;
  /** The domain for a top-level project, as Keystone stores it. */
  readonly parentId: string;
  enabled: boolean;
  tags: string[];
  /** Attributes Keystone keeps in `extra` and shows at the top level. */
  extra: Record<string, unknown>;
}

export interface UserRecord {
  readonly id: string;
  name: string;
  readonly domainId: string;
  /** Never shown; compared on authentication and password change. */
  password: string | null;
  enabled: boolean;
  defaultProjectId: string | null;
  description: string | null;
  /** `email` and any other attribute Keystone keeps in `extra`. */
  extra: Record<string, unknown>;
  /** Bumped when the password changes: older tokens stop working, as Keystone revokes them. */
  revision: number;
}

export interface RoleRecord {
  readonly id: string;
  name: string;
  description: string | null;
}

/** A direct grant of a role to a user on a project. */
export interface Assignment {
  readonly projectId: string;
  readonly userId: string;
  readonly roleId: string;
}

/** `prior` implies `implied` (Keystone's implied-role rules). */
export interface ImpliedRule {
  readonly prior: string;
  readonly implied: string;
}

/** The identity state as plain JSON, in insertion order. */
export interface IdentitySnapshot {
  readonly version: 1;
  readonly projects: readonly ProjectRecord[];
  readonly users: readonly UserRecord[];
  readonly roles: readonly RoleRecord[];
  readonly implied: readonly ImpliedRule[];
  readonly assignments: readonly Assignment[];
}

/** Keystone's database: rows by id plus the name indexes the API looks up. */
export interface IdentityRecords {
  readonly projects: Map<string, ProjectRecord>;
  readonly users: Map<string, UserRecord>;
  readonly roles: Map<string, RoleRecord>;
  readonly implied: ImpliedRule[];
  /** Keyed `project|user|role`. */
  readonly assignments: Map<string, Assignment>;
  projectByName(name: string): ProjectRecord | undefined;
  userByName(name: string): UserRecord | undefined;
  roleByName(name: string): RoleRecord | undefined;
  snapshot(): IdentitySnapshot;
}

export function assignmentKey(a: Assignment): string {
  return `${a.projectId}|${a.userId}|${a.roleId}`;
}

function byName<T extends { name: string }>(rows: Map<string, T>, name: string): T | undefined {
  for (const row of rows.values()) if (row.name === name) return row;
  return undefined;
}

/**
 * The records of a snapshot (copied), with name lookups. Names are unique per domain, and
 * there is one domain, so a scan is exact; the tables stay small (hundreds of rows).
 *
 * @example
 * const records = createRecords(seedSnapshot(DEFAULT_IDENTITY));
 */
export function createRecords(snapshot: IdentitySnapshot): IdentityRecords {
  const copy = structuredClone(snapshot);
  const projects = new Map(copy.projects.map((p) => [p.id, p]));
  const users = new Map(copy.users.map((u) => [u.id, u]));
  const roles = new Map(copy.roles.map((r) => [r.id, r]));
  const implied = [...copy.implied];
  const assignments = new Map(copy.assignments.map((a) => [assignmentKey(a), a]));
  return {
    projects,
    users,
    roles,
    implied,
    assignments,
    projectByName: (name) => byName(projects, name),
    userByName: (name) => byName(users, name),
    roleByName: (name) => byName(roles, name),
    snapshot: () =>
      structuredClone({
        version: 1,
        projects: [...projects.values()],
        users: [...users.values()],
        roles: [...roles.values()],
        implied,
        assignments: [...assignments.values()],
      }),
  };
}
