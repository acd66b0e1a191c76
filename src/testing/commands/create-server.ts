import { SAMPLE_FLAVORS } from '../arbitraries/catalog.js';
import { buildCreateBody, type CreateArgs } from '../arbitraries/create-body.js';
import { recountUsage } from '../invariants/quota.js';
import { captureState } from '../invariants/unchanged.js';
import { memberAuth, type Project } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand } from '../model/cloud-model.js';
import { type Expected, expectResponse } from '../model/expect.js';
import { zoneAvailable, zonesOf } from '../model/subject.js';
import type { CloudSystem } from '../model/system.js';
import { versionHeaders } from '../model/versions.js';
import { violated } from '../model/violation.js';
import { createdCount } from '../reference/quotas.js';

/**
 * `POST /servers` with a valid body (one server or a multi-create). The reference
 * predicts the answer (§8.5 zone, §5.4 quota: all, as many as fit, or 403) and how many
 * servers appear, named `<name>-<n>` when more than one (§5.5).
 */
export class CreateServerCommand implements CloudCommand {
  private created: string[] = [];

  constructor(
    readonly project: Project,
    readonly version: string,
    readonly args: CreateArgs,
  ) {}

  check(_model: Readonly<CloudModel>): boolean {
    return true;
  }

  run(model: CloudModel, system: CloudSystem): void {
    this.created = [];
    runCommand(
      model,
      system,
      () => this.toString(),
      () => this.create(system),
    );
  }

  private create(system: CloudSystem): void {
    const { cloud, config } = system;
    const built = buildCreateBody(this.args, { version: this.version, zones: zonesOf(cloud) });
    const flavor = SAMPLE_FLAVORS[built.flavor]!;
    const per = { instances: 1, cores: flavor.vcpus, ram: flavor.ram };
    const count = createdCount(
      recountUsage(cloud, this.project),
      config.quotas,
      per,
      built.min,
      built.max,
    );
    const wants: Expected[] = [];
    if (built.zone !== undefined && !zoneAvailable(cloud, built.zone)) {
      wants.push({
        status: 400,
        message: 'The requested availability zone is not available',
        because: '§8.5 no enabled service in the zone',
      });
    } else if (count === undefined) {
      wants.push({ status: 403, message: /^Quota exceeded for /, because: '§5.4 over quota' });
    } else {
      wants.push({ status: 202, because: `§5.4 ${count} of ${built.min}-${built.max} fit` });
    }
    const before = captureState(cloud);
    const res = system.request({
      method: 'POST',
      path: '/v2.1/servers',
      headers: versionHeaders(this.version),
      body: built.body,
      auth: memberAuth(this.project),
    });
    expectResponse(system, res, wants, 'POST /servers', before);
    this.created = [...system.observer.created];
    if (res.status !== 202) return;
    const body = res.body as { server?: { id?: string; adminPass?: unknown } };
    if (this.created.length !== count) {
      violated(
        'create',
        `POST /servers asked for ${built.min}-${built.max} and quota allows ${count}, but ${this.created.length} servers were created`,
      );
    }
    if (body.server?.id !== this.created[0]) {
      violated(
        'create',
        `POST /servers answered id ${String(body.server?.id)}, not the first created server ${this.created[0]}`,
      );
    }
    if (config.enableInstancePassword && typeof body.server?.adminPass !== 'string') {
      violated(
        'create',
        'POST /servers answered no adminPass (§4.1, enable_instance_password is on)',
      );
    }
    this.created.forEach((id, i) => {
      const server = cloud.compute.get(id)!;
      const name = this.created.length > 1 ? `${this.args.name}-${i + 1}` : this.args.name;
      if (server.name !== name) {
        violated(
          'create',
          `server ${id} is named ${JSON.stringify(server.name)}; §5.5 says ${JSON.stringify(name)}`,
        );
      }
      if (server.projectId !== this.project) {
        violated('create', `server ${id} belongs to ${server.projectId}, not ${this.project}`);
      }
    });
  }

  toString(): string {
    const { name, flavor, count } = this.args;
    const n =
      count.min === undefined && count.max === undefined
        ? ''
        : ` ×${count.min ?? 1}-${count.max ?? count.min ?? 1}`;
    const ids = this.created.length > 0 ? ` → ${this.created.join(', ')}` : '';
    return `create(${this.project} @${this.version}, "${name}" flavor ${flavor}${n})${ids}`;
  }
}
