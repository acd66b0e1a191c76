import type { Directory } from './identity/directory.js';
import type { Endpoints } from './types.js';

interface Account {
  readonly cloud: string;
  readonly username: string;
  readonly password: string;
  readonly project: string;
}

/** One clouds.yaml entry per configured user with a project; `nova-sim` (demo) first. */
function accounts(directory: Directory): Account[] {
  const list = directory.users.flatMap((user) => {
    const project =
      user.defaultProjectId === null ? undefined : directory.project(user.defaultProjectId);
    if (!project || user.password === null) return [];
    const cloud = user.name === 'demo' ? 'nova-sim' : `nova-sim-${user.name}`;
    return [{ cloud, username: user.name, password: user.password, project: project.name }];
  });
  return list.sort((a, b) => Number(b.cloud === 'nova-sim') - Number(a.cloud === 'nova-sim'));
}

/** A `clouds.yaml` for the served endpoints, one cloud per user. */
export function cloudsYaml(endpoints: Endpoints, directory: Directory): string {
  const lines = ['clouds:'];
  for (const a of accounts(directory)) {
    lines.push(
      `  ${a.cloud}:`,
      '    auth:',
      `      auth_url: ${endpoints.identity}`,
      `      username: ${a.username}`,
      `      password: ${a.password}`,
      `      project_name: ${a.project}`,
      '      user_domain_name: Default',
      '      project_domain_name: Default',
      '    region_name: RegionOne',
      '    identity_api_version: 3',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The `export OS_*=...` lines for the first account. */
export function osEnvironment(endpoints: Endpoints, directory: Directory): string {
  const a = accounts(directory)[0];
  if (!a) return '';
  return [
    `export OS_AUTH_URL=${endpoints.identity}`,
    `export OS_USERNAME=${a.username}`,
    `export OS_PASSWORD=${a.password}`,
    `export OS_PROJECT_NAME=${a.project}`,
    'export OS_USER_DOMAIN_NAME=Default',
    'export OS_PROJECT_DOMAIN_NAME=Default',
    'export OS_REGION_NAME=RegionOne',
    'export OS_IDENTITY_API_VERSION=3',
    '',
  ].join('\n');
}

/** What `nova-sim serve` prints once it listens. */
export function startupText(
  endpoints: Endpoints,
  directory: Directory,
  clock: { mode: string; speed: number },
): string {
  const time =
    clock.mode === 'realtime' ? `realtime x${clock.speed}` : 'manual (POST /_sim/clock/advance)';
  return [
    `nova-sim is serving OpenStack on ${endpoints.base} (clock: ${time})`,
    '',
    `  identity  ${endpoints.identity}/v3`,
    `  compute   ${endpoints.compute}`,
    `  image     ${endpoints.image}/v2`,
    `  network   ${endpoints.network}/v2.0`,
    `  control   ${endpoints.control}/  (admin token)`,
    '',
    '# clouds.yaml (then: openstack --os-cloud nova-sim server list)',
    cloudsYaml(endpoints, directory),
    '# or in the environment',
    osEnvironment(endpoints, directory),
    'Ctrl-C stops the server.',
    '',
  ].join('\n');
}
