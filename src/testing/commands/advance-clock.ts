import { type CloudCommand, type CloudModel, runCommand } from '../model/cloud-model.js';
import type { CloudSystem } from '../model/system.js';

/** Lets virtual time pass: every step, periodic task and host timer due fires (time is an input). */
export class AdvanceClockCommand implements CloudCommand {
  constructor(readonly ms: number) {}

  check(_model: Readonly<CloudModel>): boolean {
    return true;
  }

  run(model: CloudModel, system: CloudSystem): void {
    runCommand(
      model,
      system,
      () => this.toString(),
      () => {
        system.cloud.clock.advance(this.ms);
      },
    );
  }

  toString(): string {
    return `advance(${this.ms} ms)`;
  }
}
