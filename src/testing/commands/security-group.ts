import { captureState } from '../invariants/unchanged.js';
import { memberAuth, type Project } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand, serverAt } from '../model/cloud-model.js';
import { type Expected, expectResponse } from '../model/expect.js';
import { named, neutron, resourceAt } from '../model/neighbours.js';
import type { CloudSystem } from '../model/system.js';
import { violated } from '../model/violation.js';

export type SecurityGroupOp = 'create' | 'add' | 'remove';

/**
 * Security groups: create one in Neutron (`create`, as a member of `project`), or put a
 * group on / take it off the live server at `index` with Nova's `addSecurityGroup` /
 * `removeSecurityGroup` as its owner (the group at `group`, or `default` when the run
 * made none in the server's project). After a 202 every port of the server has (or lacks)
 * the group in Neutron.
 */
export class SecurityGroupCommand implements CloudCommand {
  private target = '';
  private group = '';

  constructor(
    readonly op: SecurityGroupOp,
    readonly project: Project,
    readonly index: number,
    readonly groupIndex: number,
  ) {}

  check(model: Readonly<CloudModel>): boolean {
    return this.op === 'create' || model.live.length > 0;
  }

  run(model: CloudModel, system: CloudSystem): void {
    runCommand(
      model,
      system,
      () => this.toString(),
      () => (this.op === 'create' ? this.create(model, system) : this.change(model, system)),
    );
  }

  private create(model: CloudModel, system: CloudSystem): void {
    const auth = memberAuth(this.project);
    const name = `sg-${model.neighbours.securityGroups.length + 1}`;
    this.group = name;
    const before = captureState(system.cloud);
    const res = neutron(system, auth, 'POST', 'security-groups', {
      security_group: { name },
    });
    expectResponse(
      system,
      res,
      [
        { status: 201, because: 'Neutron: security group create' },
        { status: 409, because: 'Neutron: over the security group quota' },
      ],
      `create security group ${name} in ${this.project}`,
      before,
    );
    const id = (res.body as { security_group?: { id?: unknown } }).security_group?.id;
    if (res.status === 201 && typeof id === 'string') {
      model.neighbours.securityGroups.push({ id, projectId: auth.projectId });
    }
  }

  private change(model: CloudModel, system: CloudSystem): void {
    const { cloud } = system;
    const { id, projectId } = serverAt(model, this.index);
    this.target = id;
    const own = model.neighbours.securityGroups.filter((g) => g.projectId === projectId);
    const resource = resourceAt(own, this.groupIndex);
    const row = resource ? cloud.network.db.securityGroups.get(resource.id) : undefined;
    const name = row?.name ?? 'default';
    this.group = name;
    const action = this.op === 'add' ? 'addSecurityGroup' : 'removeSecurityGroup';
    const refused: Expected[] = [
      { status: 400, because: 'no port can take the group' },
      { status: 404, because: 'the group, a port or the association is not found' },
      { status: 409, because: 'the server state refuses it' },
    ];
    const before = captureState(cloud);
    const res = system.request({
      method: 'POST',
      path: `/v2.1/servers/${id}/action`,
      auth: memberAuth(projectId),
      body: { [action]: { name } },
    });
    const where = `${action} ${name} on ${id}`;
    expectResponse(system, res, [{ status: 202, because: action }, ...refused], where, before);
    if (res.status !== 202) return;
    const groupId =
      row?.id ??
      [...cloud.network.db.securityGroups.values()].find(
        (g) => g.projectId === projectId && g.name === 'default',
      )?.id;
    for (const port of cloud.network.db.ports.values()) {
      if (port.deviceId !== id) continue;
      const has = groupId !== undefined && port.securityGroups.includes(groupId);
      if (has !== (this.op === 'add')) {
        violated(
          'ports',
          `${where}: 202, yet port ${port.id} ${has ? 'still has' : 'lacks'} the group`,
        );
      }
    }
  }

  toString(): string {
    if (this.op === 'create')
      return `createSecurityGroup(${this.project}${this.group ? `, ${this.group}` : ''})`;
    return `${this.op}SecurityGroup(${this.group || `#${this.groupIndex}`} on ${named(this.index, this.target)})`;
  }
}
