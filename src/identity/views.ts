import { DEFAULT_DOMAIN, type ProjectRecord, type RoleRecord, type UserRecord } from './records.js';

/** Keystone's links are absolute: `<identity endpoint>/v3/...` (empty base in-process). */
export type LinkBase = string;

export function domainView(base: LinkBase) {
  return {
    id: DEFAULT_DOMAIN.id,
    name: DEFAULT_DOMAIN.name,
    description: DEFAULT_DOMAIN.description,
    enabled: true,
    tags: [],
    options: {},
    links: { self: `${base}/v3/domains/${DEFAULT_DOMAIN.id}` },
  };
}

export function projectView(project: ProjectRecord, base: LinkBase) {
  return {
    id: project.id,
    name: project.name,
    domain_id: project.domainId,
    description: project.description,
    enabled: project.enabled,
    parent_id: project.parentId,
    is_domain: false,
    tags: [...project.tags],
    options: {},
    ...project.extra,
    links: { self: `${base}/v3/projects/${project.id}` },
  };
}

/** Keystone leaves `default_project_id` and `description` out until they are set. */
export function userView(user: UserRecord, base: LinkBase) {
  return {
    id: user.id,
    name: user.name,
    domain_id: user.domainId,
    enabled: user.enabled,
    ...(user.defaultProjectId === null ? {} : { default_project_id: user.defaultProjectId }),
    ...(user.description === null ? {} : { description: user.description }),
    ...user.extra,
    password_expires_at: null,
    options: {},
    links: { self: `${base}/v3/users/${user.id}` },
  };
}

export function roleView(role: RoleRecord, base: LinkBase) {
  return {
    id: role.id,
    name: role.name,
    domain_id: null,
    description: role.description,
    options: {},
    links: { self: `${base}/v3/roles/${role.id}` },
  };
}

/** A collection with Keystone's `links` (no pagination: next and previous are null). */
export function collection(key: string, items: readonly unknown[], self: string) {
  return { [key]: items, links: { self, previous: null, next: null } };
}
