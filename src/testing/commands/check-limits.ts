import { recountUsage } from '../invariants/quota.js';
import { memberAuth, type Project } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand } from '../model/cloud-model.js';
import type { CloudSystem } from '../model/system.js';
import { violated } from '../model/violation.js';

/**
 * `GET /limits` as a project member: the used totals equal what exists, soft-deleted
 * servers not counted (§5.4, §3.1, §7.5).
 */
export class CheckLimitsCommand implements CloudCommand {
  constructor(readonly project: Project) {}

  check(_model: Readonly<CloudModel>): boolean {
    return true;
  }

  run(model: CloudModel, system: CloudSystem): void {
    runCommand(
      model,
      system,
      () => this.toString(),
      () => {
        const res = system.request({
          method: 'GET',
          path: '/v2.1/limits',
          auth: memberAuth(this.project),
        });
        const absolute = (res.body as { limits?: { absolute?: Record<string, number> } } | null)
          ?.limits?.absolute;
        if (res.status !== 200 || !absolute) {
          violated(
            'quota',
            `GET /limits as ${this.project} answered ${res.status} ${JSON.stringify(res.body)}`,
          );
        }
        const want = recountUsage(system.cloud, this.project);
        const got = {
          instances: absolute.totalInstancesUsed,
          cores: absolute.totalCoresUsed,
          ram: absolute.totalRAMUsed,
        };
        if (got.instances !== want.instances || got.cores !== want.cores || got.ram !== want.ram) {
          violated(
            'quota',
            `GET /limits as ${this.project} says used ${JSON.stringify(got)}; the project's servers add up to ${JSON.stringify(want)}`,
          );
        }
      },
    );
  }

  toString(): string {
    return `limits(${this.project})`;
  }
}
