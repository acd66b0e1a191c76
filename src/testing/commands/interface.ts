import { SAMPLE_NETWORK_ID } from '../../network/defaults.js';
import { captureState } from '../invariants/unchanged.js';
import { memberAuth, type Project } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand, serverAt } from '../model/cloud-model.js';
import { type Expected, expectResponse } from '../model/expect.js';
import { named, neutron, resourceAt } from '../model/neighbours.js';
import type { CloudSystem } from '../model/system.js';
import { violated } from '../model/violation.js';

/**
 * `POST /v2.0/ports` on the shared `private` network as a member of `project`: 201 with
 * a free address of its subnet and no device, or 409 once the subnet is exhausted.
 */
export class CreatePortCommand implements CloudCommand {
  private created = '';

  constructor(readonly project: Project) {}

  check(): boolean {
    return true;
  }

  run(model: CloudModel, system: CloudSystem): void {
    runCommand(
      model,
      system,
      () => this.toString(),
      () => {
        const auth = memberAuth(this.project);
        const before = captureState(system.cloud);
        const res = neutron(system, auth, 'POST', 'ports', {
          port: { network_id: SAMPLE_NETWORK_ID },
        });
        const where = `create port in ${this.project}`;
        expectResponse(
          system,
          res,
          [
            { status: 201, because: 'Neutron: port create' },
            { status: 409, because: 'Neutron: IpAddressGenerationFailure or over quota' },
          ],
          where,
          before,
        );
        if (res.status !== 201) return;
        const port = (res.body as { port?: { id?: unknown; device_id?: unknown } }).port;
        if (typeof port?.id !== 'string' || port.device_id !== '') {
          violated('response', `${where}: 201 with ${JSON.stringify(res.body)}, not a free port`);
        }
        this.created = port.id;
        model.neighbours.ports.push({ id: port.id, projectId: auth.projectId });
      },
    );
  }

  toString(): string {
    return `createPort(${this.project})${this.created === '' ? '' : ` = ${this.created}`}`;
  }
}

/**
 * Nova's `os-interface` as the server's owner: attach the port at `port` (or, with
 * `port` null, a new port on `private`) to the live server at `index`, or detach one of
 * the server's ports. A port of another project or bound to a device is never attached;
 * after a 200 the port is the server's in Neutron and in Nova.
 */
export class InterfaceCommand implements CloudCommand {
  private server = '';
  private port = '';

  constructor(
    readonly op: 'attach' | 'detach',
    readonly index: number,
    readonly portIndex: number | null,
  ) {}

  check(model: Readonly<CloudModel>): boolean {
    return model.live.length > 0;
  }

  run(model: CloudModel, system: CloudSystem): void {
    const { id, projectId } = serverAt(model, this.index);
    this.server = id;
    runCommand(
      model,
      system,
      () => this.toString(),
      () =>
        this.op === 'attach'
          ? this.attach(model, system, projectId)
          : this.detach(system, projectId),
    );
  }

  private attach(model: CloudModel, system: CloudSystem, projectId: string): void {
    const { cloud } = system;
    const resource =
      this.portIndex === null ? undefined : resourceAt(model.neighbours.ports, this.portIndex);
    const port = resource ? cloud.network.db.ports.get(resource.id) : undefined;
    this.port = resource?.id ?? '';
    const refused = (because: string): Expected[] => [
      { status: 404, because },
      { status: 409, because },
      { status: 400, because },
    ];
    let wants: Expected[];
    if (resource && (!port || resource.projectId !== projectId)) {
      wants = refused('another project’s port is not found');
    } else if (port && port.deviceId !== '') {
      wants = refused('the port is in use');
    } else {
      wants = [
        { status: 200, because: 'attach_interface' },
        { status: 403, because: 'over the port quota' },
        ...refused('the server state or the network refuses it'),
      ];
    }
    const body = resource
      ? { interfaceAttachment: { port_id: resource.id } }
      : { interfaceAttachment: { net_id: SAMPLE_NETWORK_ID } };
    // Nova records the attach_interface action before it looks at the port, so a refusal
    // about the port leaves the action behind (compute/api.py attach_interface): instead
    // of "nothing changed", a refusal must leave the server's ports and the port alone.
    const vifsBefore = JSON.stringify(cloud.compute.get(this.server)?.ports ?? []);
    const portBefore = JSON.stringify(port ?? null);
    const res = system.request({
      method: 'POST',
      path: `/v2.1/servers/${this.server}/os-interface`,
      auth: memberAuth(projectId),
      body,
    });
    const where = `attach interface ${resource ? `port ${resource.id}` : 'on private'} to ${this.server}`;
    expectResponse(system, res, wants, where, undefined);
    if (res.status >= 400) {
      const vifsAfter = JSON.stringify(cloud.compute.get(this.server)?.ports ?? []);
      const portAfter = JSON.stringify(
        resource ? (cloud.network.db.ports.get(resource.id) ?? null) : null,
      );
      if (vifsAfter !== vifsBefore || portAfter !== portBefore) {
        violated(
          'unchanged',
          `${where} was refused (${res.status}) yet changed the server's ports or the port`,
        );
      }
    }
    if (res.status !== 200) return;
    const portId = (res.body as { interfaceAttachment?: { port_id?: unknown } }).interfaceAttachment
      ?.port_id;
    const attached = typeof portId === 'string' ? cloud.network.db.ports.get(portId) : undefined;
    const listed = cloud.compute.get(this.server)?.ports?.some((p) => p.id === portId);
    if (attached?.deviceId !== this.server || !listed) {
      violated('ports', `${where}: 200, yet port ${String(portId)} is not the server's`);
    }
  }

  private detach(system: CloudSystem, projectId: string): void {
    const { cloud } = system;
    const vifs = cloud.compute.get(this.server)?.ports ?? [];
    const vif = vifs.length > 0 ? vifs[(this.portIndex ?? 0) % vifs.length] : undefined;
    if (!vif) return;
    this.port = vif.id;
    const before = captureState(cloud);
    const res = system.request({
      method: 'DELETE',
      path: `/v2.1/servers/${this.server}/os-interface/${vif.id}`,
      auth: memberAuth(projectId),
    });
    const where = `detach interface ${vif.id} from ${this.server}`;
    expectResponse(
      system,
      res,
      [
        { status: 202, because: 'detach_interface' },
        { status: 409, because: 'the server state refuses it' },
        { status: 400, because: 'the server state refuses it' },
      ],
      where,
      before,
    );
    if (res.status !== 202) return;
    const port = cloud.network.db.ports.get(vif.id);
    if (port?.deviceId === this.server) {
      violated('ports', `${where}: 202, yet the port is still bound to the server`);
    }
  }

  toString(): string {
    const server = named(this.index, this.server);
    if (this.op === 'detach')
      return `detachInterface(${named(this.portIndex ?? 0, this.port)} from ${server})`;
    const port = this.portIndex === null ? 'net private' : named(this.portIndex, this.port);
    return `attachInterface(${port} to ${server})`;
  }
}
