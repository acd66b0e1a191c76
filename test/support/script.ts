import type { Cloud } from '../../src/cloud.js';
import * as ops from '../../src/compute/operations.js';
import { isNovaError } from '../../src/errors/nova-error.js';
import { ADMIN, build, flavor, IMAGE, MEMBER } from './engine.js';

/** Runs `fn`, ignoring Nova's refusals (a script may ask for what the state forbids). */
export function attempt(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!isNovaError(error)) throw error;
  }
}

/** A script touching every random source: ids, jitter, probabilistic faults, scheduling. */
export function script(cloud: Cloud): void {
  const c = cloud.compute;
  cloud.addFault({ kind: 'build-failure', probability: 0.3 });
  cloud.addFault({ kind: 'slow-step', task: 'spawning', probability: 0.5, factor: 3 });
  const web = build(cloud, { count: 4 });
  const [db] = build(cloud, { name: 'db', flavor: flavor('2') });
  cloud.clock.advance(20_000);
  cloud.clearFaults();
  attempt(() => ops.reboot(c, web[0]!, MEMBER, false));
  attempt(() => ops.resize(c, web[1]!, MEMBER, flavor('3')));
  attempt(() => ops.stop(c, db!, MEMBER));
  attempt(() => ops.rebuild(c, web[2]!, MEMBER, IMAGE));
  cloud.clock.advance(7_300);
  attempt(() => ops.confirmResize(c, web[1]!, MEMBER));
  attempt(() => ops.deleteServer(c, web[3]!, MEMBER));
  attempt(() => ops.shelve(c, db!, MEMBER));
  attempt(() => ops.liveMigrate(c, web[0]!, ADMIN, null));
  cloud.clock.advance(60_000);
  attempt(() => ops.unshelve(c, db!, MEMBER));
  cloud.clock.advance(60_000);
}
