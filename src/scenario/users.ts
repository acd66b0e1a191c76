import type { Auth } from '../api/context.js';
import { SAMPLE_PROJECT_ID, SAMPLE_USER_ID } from '../catalog/defaults.js';
import type { Scenario } from './types.js';

/**
 * Callers every scenario has: `member`, the API's default caller (a member of the
 * api_samples project), and `admin`, an administrator in a project of its own (so that,
 * like a real operator, it acts on other projects' servers).
 */
export const BUILT_IN_USERS: Readonly<Record<string, Auth>> = {
  member: { projectId: SAMPLE_PROJECT_ID, userId: SAMPLE_USER_ID, roles: ['member'] },
  admin: { projectId: 'admin', userId: 'admin', roles: ['admin'] },
};

/** The scenario's named callers: the built-in ones, then those the file defines. */
export function scenarioUsers(scenario: Scenario): Map<string, Auth> {
  const users = new Map(Object.entries(BUILT_IN_USERS));
  for (const [name, user] of Object.entries(scenario.users ?? {})) {
    users.set(name, {
      projectId: user.project,
      userId: user.userId ?? name,
      roles: [...(user.roles ?? ['member'])],
    });
  }
  return users;
}
