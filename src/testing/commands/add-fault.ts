import type { FaultRule } from '../../faults/fault-rules.js';
import { buildFaultRule, type FaultArgs } from '../arbitraries/fault-rule.js';
import { type CloudCommand, type CloudModel, runCommand } from '../model/cloud-model.js';
import type { CloudSystem } from '../model/system.js';

/** Adds a fault rule: failed builds, slow steps, a host going down or up later. */
export class AddFaultCommand implements CloudCommand {
  private rule: FaultRule | undefined;

  constructor(readonly args: FaultArgs) {}

  check(_model: Readonly<CloudModel>): boolean {
    return true;
  }

  run(model: CloudModel, system: CloudSystem): void {
    this.rule = buildFaultRule(this.args, { hosts: model.hosts, now: system.now() });
    const rule = this.rule;
    runCommand(
      model,
      system,
      () => this.toString(),
      () => system.cloud.addFault(rule),
    );
  }

  toString(): string {
    return `fault(${JSON.stringify(this.rule ?? this.args)})`;
  }
}
