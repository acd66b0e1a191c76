import { PUBLIC_NETWORK_ID } from '../../network/defaults.js';
import { captureState } from '../invariants/unchanged.js';
import { memberAuth, type Project } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand } from '../model/cloud-model.js';
import { type Expected, expectResponse } from '../model/expect.js';
import { named, neutron, resourceAt } from '../model/neighbours.js';
import type { CloudSystem } from '../model/system.js';
import { violated } from '../model/violation.js';

export type FloatingIpOp = 'create' | 'associate' | 'disassociate' | 'delete';

/**
 * Neutron's floating IPs as their owner: allocate one on `public` (201, or 409 once its
 * pool is used up), associate the floating IP at `index` with the first port of a live
 * server (`server`), disassociate it, or release it. After an associate the address maps
 * to an address of that port; another project's port is never taken.
 */
export class FloatingIpCommand implements CloudCommand {
  private fip = '';
  private port = '';

  constructor(
    readonly op: FloatingIpOp,
    readonly project: Project,
    readonly index: number,
    readonly server: number,
  ) {}

  check(model: Readonly<CloudModel>): boolean {
    if (this.op === 'create') return true;
    if (model.neighbours.floatingIps.length === 0) return false;
    return this.op !== 'associate' || model.live.length > 0;
  }

  run(model: CloudModel, system: CloudSystem): void {
    runCommand(
      model,
      system,
      () => this.toString(),
      () => this.act(model, system),
    );
  }

  private act(model: CloudModel, system: CloudSystem): void {
    const { cloud } = system;
    if (this.op === 'create') {
      const auth = memberAuth(this.project);
      const before = captureState(cloud);
      const res = neutron(system, auth, 'POST', 'floatingips', {
        floatingip: { floating_network_id: PUBLIC_NETWORK_ID },
      });
      expectResponse(
        system,
        res,
        [
          { status: 201, because: 'Neutron: floating IP create' },
          { status: 409, because: 'Neutron: the external pool is used up or over quota' },
        ],
        `allocate a floating IP in ${this.project}`,
        before,
      );
      const id = (res.body as { floatingip?: { id?: unknown } }).floatingip?.id;
      if (res.status === 201 && typeof id === 'string') {
        this.fip = id;
        model.neighbours.floatingIps.push({ id, projectId: auth.projectId });
      }
      return;
    }
    const resource = resourceAt(model.neighbours.floatingIps, this.index)!;
    this.fip = resource.id;
    const auth = memberAuth(resource.projectId);
    const before = captureState(cloud);
    if (this.op === 'delete') {
      const res = neutron(system, auth, 'DELETE', `floatingips/${resource.id}`);
      expectResponse(
        system,
        res,
        [{ status: 204, because: 'Neutron: release' }],
        `release ${resource.id}`,
        before,
      );
      return;
    }
    let portId: string | null = null;
    let wants: Expected[] = [{ status: 200, because: 'Neutron: disassociate' }];
    if (this.op === 'associate') {
      const target = model.live[this.server % model.live.length]!;
      const server = cloud.compute.get(target);
      portId = server?.ports?.[0]?.id ?? null;
      if (portId === null) return;
      this.port = portId;
      const sameProject = server?.projectId === resource.projectId;
      wants = sameProject
        ? [
            { status: 200, because: 'Neutron: associate' },
            { status: 400, because: 'Neutron: the port has no reachable address' },
            { status: 404, because: 'Neutron: no router to the external network' },
            { status: 409, because: 'Neutron: the address already has a floating IP' },
          ]
        : [
            { status: 404, because: 'Neutron: another project’s port is not found' },
            { status: 400, because: 'Neutron: another project’s port' },
          ];
    }
    const res = neutron(system, auth, 'PUT', `floatingips/${resource.id}`, {
      floatingip: { port_id: portId },
    });
    const where = `${this.op} floating IP ${resource.id}${portId ? ` with port ${portId}` : ''}`;
    expectResponse(system, res, wants, where, before);
    if (res.status !== 200) return;
    const row = cloud.network.db.floatingIps.get(resource.id);
    if (row?.portId !== portId) {
      violated('ports', `${where}: 200, yet the floating IP is on ${String(row?.portId)}`);
    }
  }

  toString(): string {
    const fip = this.op === 'create' ? this.project : named(this.index, this.fip);
    const port = this.port === '' ? '' : ` with port ${this.port}`;
    return `${this.op}FloatingIp(${fip}${this.op === 'associate' ? ` to server #${this.server}` : ''}${port})`;
  }
}
