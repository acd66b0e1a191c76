import { type CloudCommand, type CloudModel, hostAt, runCommand } from '../model/cloud-model.js';
import type { CloudSystem } from '../model/system.js';

/**
 * Stops the nova-compute of the host at `index % hosts.length` (it reads as down after
 * service_down_time), or forces its service down at once (os-services force-down).
 */
export class HostDownCommand implements CloudCommand {
  private host = '';

  constructor(
    readonly index: number,
    readonly forced: boolean,
  ) {}

  check(model: Readonly<CloudModel>): boolean {
    return model.hosts.length > 0;
  }

  run(model: CloudModel, system: CloudSystem): void {
    this.host = hostAt(model, this.index);
    runCommand(
      model,
      system,
      () => this.toString(),
      () => {
        if (this.forced) system.cloud.hosts.forceDown(this.host);
        else system.cloud.hosts.down(this.host);
      },
    );
  }

  toString(): string {
    const host = this.host === '' ? `#${this.index}` : `#${this.index} = ${this.host}`;
    return `${this.forced ? 'forceDown' : 'hostDown'}(${host})`;
  }
}
