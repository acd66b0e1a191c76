import type { Cloud } from '../../cloud.js';
import type { NetworkServiceSnapshot } from '../../network/service.js';
import { violated } from '../model/violation.js';

/**
 * The state of a cloud that a refused request must leave alone: the whole snapshot but
 * the PRNGs (every request draws its request id from one) and Neutron's lazy defaults.
 */
export function captureState(cloud: Cloud): string {
  const { random: _random, services, ...rest } = cloud.snapshot();
  return JSON.stringify({
    ...rest,
    services: { ...services, network: lazyFree(services?.network) },
  });
}

/**
 * Neutron's snapshot without what any request may add on the side: a project's `default`
 * security group (and its rules), which Neutron makes the first time the project lists
 * groups or ports, even in a request that is then refused (Nova's addSecurityGroup looks
 * the name up first), and the ids its PRNG drew for them.
 */
function lazyFree(network: unknown): unknown {
  const snapshot = network as NetworkServiceSnapshot | undefined;
  if (!snapshot) return network;
  const defaults = new Set(
    snapshot.db.securityGroups
      .filter((g) => g.name === 'default' && g.description === 'Default security group')
      .map((g) => g.id),
  );
  return {
    db: {
      ...snapshot.db,
      securityGroups: snapshot.db.securityGroups.filter((g) => !defaults.has(g.id)),
      rules: snapshot.db.rules.filter((r) => !defaults.has(r.securityGroupId)),
    },
  };
}

/**
 * Any 4xx (a 409 refusal included) changed nothing (DESIGN.md: bad input leaves the cloud
 * unchanged).
 *
 * @example
 * const before = captureState(cloud);
 * const res = cloud.request(req);
 * if (res.status >= 400 && res.status < 500) checkUnchanged(cloud, before, 'POST /servers');
 */
export function checkUnchanged(cloud: Cloud, before: string, where: string): void {
  const after = captureState(cloud);
  if (after === before) return;
  violated(
    'unchanged',
    `${where} was refused yet changed the cloud: ${firstDifference(before, after)}`,
  );
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 80);
  return `…${a.slice(from, i + 80)}… became …${b.slice(from, i + 80)}…`;
}
