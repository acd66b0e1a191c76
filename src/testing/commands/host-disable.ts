import { type CloudCommand, type CloudModel, hostAt, runCommand } from '../model/cloud-model.js';
import type { CloudSystem } from '../model/system.js';

/** Disables (or re-enables) the compute service of the host at `index % hosts.length`. */
export class HostDisableCommand implements CloudCommand {
  private host = '';

  constructor(
    readonly index: number,
    readonly enable: boolean,
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
        if (this.enable) system.cloud.hosts.enable(this.host);
        else system.cloud.hosts.disable(this.host, 'maintenance');
      },
    );
  }

  toString(): string {
    const host = this.host === '' ? `#${this.index}` : `#${this.index} = ${this.host}`;
    return `${this.enable ? 'hostEnable' : 'hostDisable'}(${host})`;
  }
}
