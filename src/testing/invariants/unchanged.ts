import type { Cloud } from '../../cloud.js';
import { violated } from '../model/violation.js';

/**
 * The state of a cloud that a refused request must leave alone: the whole snapshot but
 * the PRNG (every request draws its request id from it).
 */
export function captureState(cloud: Cloud): string {
  const { random: _random, ...rest } = cloud.snapshot();
  return JSON.stringify(rest);
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
