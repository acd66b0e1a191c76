import { type CloudCommand, type CloudModel, runCommand } from '../model/cloud-model.js';
import type { CloudSystem } from '../model/system.js';

/**
 * Snapshots the cloud, passes the snapshot through JSON and carries on with a cloud
 * restored from it. A run must read the same with or without these (the determinism
 * property compares them).
 */
export class SnapshotRestoreCommand implements CloudCommand {
  check(_model: Readonly<CloudModel>): boolean {
    return true;
  }

  run(model: CloudModel, system: CloudSystem): void {
    runCommand(
      model,
      system,
      () => this.toString(),
      () => {
        if (system.restores) system.restore(system.cloud.snapshot());
      },
    );
  }

  toString(): string {
    return 'snapshot+restore()';
  }
}
