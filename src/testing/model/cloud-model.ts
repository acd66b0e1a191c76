import type { Command } from 'fast-check';
import { checkCapacity } from '../invariants/capacity.js';
import { checkLifecycle } from '../invariants/lifecycle.js';
import { checkPlacement } from '../invariants/placement.js';
import { checkPorts } from '../invariants/ports.js';
import { checkQuotaUsage } from '../invariants/quota.js';
import { checkStatuses } from '../invariants/status.js';
import { checkVolumes } from '../invariants/volumes.js';
import { AFTER_COMMAND } from '../what-ran.js';
import { emptyNeighbours, type NeighbourModel, syncNeighbours } from './neighbours.js';
import type { CloudSystem } from './system.js';
import { violated } from './violation.js';

/** What the model remembers of a server: enough to address it and to know its owner. */
export interface ModelServer {
  readonly id: string;
  readonly projectId: string;
}

/**
 * The fast-check model: the servers the run has created, which are still live (positions
 * `index % live.length` refer to this list), and the host names.
 */
export interface CloudModel {
  readonly servers: ModelServer[];
  /** Ids of servers not (hard-)deleted, in creation order. */
  live: string[];
  readonly hosts: readonly string[];
  /** The volumes, ports, floating IPs and security groups the run created, still there. */
  readonly neighbours: NeighbourModel;
}

/** A command of the model-based run. */
export type CloudCommand = Command<CloudModel, CloudSystem>;

export function initialModel(system: CloudSystem): CloudModel {
  return {
    servers: [],
    live: [],
    hosts: system.cloud.hosts.list().map((h) => h.name),
    neighbours: emptyNeighbours(),
  };
}

/** Takes in what the cloud created and deleted since the last sync. */
export function syncModel(model: CloudModel, system: CloudSystem): void {
  const { observer, cloud } = system;
  for (const id of observer.created.splice(0)) {
    const server = cloud.compute.get(id);
    model.servers.push({ id, projectId: server?.projectId ?? '' });
    model.live.push(id);
  }
  const gone = new Set(observer.deleted.splice(0));
  if (gone.size > 0) model.live = model.live.filter((id) => !gone.has(id));
  syncNeighbours(model.neighbours, cloud);
}

/** The server at a position among the live ones, with its owner. */
export function serverAt(model: CloudModel, index: number): ModelServer {
  const id = model.live[index % model.live.length]!;
  return model.servers.find((s) => s.id === id)!;
}

/** The host at a position. */
export function hostAt(model: CloudModel, index: number): string {
  return model.hosts[index % model.hosts.length]!;
}

/**
 * Runs one command's body, then what follows every command: transitions seen, the hook
 * (the orchestrator under test), the model sync, and every invariant.
 */
export function runCommand(
  model: CloudModel,
  system: CloudSystem,
  describe: () => string,
  body: () => void,
): void {
  system.recorder.note(`#${system.script.length + 1}`);
  try {
    body();
  } finally {
    system.script.push(describe());
  }
  finishCommand(model, system);
}

/** Throws the first violation the observer saw (transitions, responses, reclaims). */
function raiseObserved(system: CloudSystem): void {
  const seen = system.observer.drainViolations();
  const first = seen[0];
  if (system.checks && first) {
    violated(
      first.invariant,
      seen
        .filter((v) => v.invariant === first.invariant)
        .map((v) => v.message)
        .join('\n'),
    );
  }
}

/** Checks and bookkeeping after a command (also for commands of your own). */
export function finishCommand(model: CloudModel, system: CloudSystem): void {
  raiseObserved(system);
  if (system.afterCommand) {
    system.recorder.note(AFTER_COMMAND);
    try {
      system.afterCommand(system);
    } catch (error) {
      system.failedIn = { hook: 'afterCommand', after: system.script.length };
      throw error;
    }
    raiseObserved(system);
  }
  syncModel(model, system);
  if (!system.checks) return;
  const { cloud } = system;
  checkStatuses(cloud, system.reference);
  checkCapacity(cloud);
  checkPlacement(cloud);
  checkQuotaUsage(cloud);
  checkVolumes(cloud);
  checkPorts(cloud);
  system.backups.check(cloud);
  checkLifecycle({
    cloud,
    observer: system.observer,
    known: model.servers.map((s) => s.id),
    startedAt: system.startedAt,
    reclaimSeconds: system.config.reclaimInstanceInterval,
  });
}
