import { type CloudCommand, type CloudModel, hostAt, runCommand } from '../model/cloud-model.js';
import type { CloudSystem } from '../model/system.js';

/** Brings the host at `index % hosts.length` back: nova-compute runs, force-down lifted. */
export class HostUpCommand implements CloudCommand {
  private host = '';

  constructor(readonly index: number) {}

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
        system.cloud.hosts.up(this.host);
        system.cloud.hosts.forceDown(this.host, false);
      },
    );
  }

  toString(): string {
    return `hostUp(${this.host === '' ? `#${this.index}` : `#${this.index} = ${this.host}`})`;
  }
}
