import type { Auth } from '../../api/context.js';
import type { Server } from '../../compute/server.js';
import {
  type ActionArgs,
  BODY_ACTIONS,
  type BodyAction,
  buildActionBody,
} from '../arbitraries/action-body.js';
import { checkServerView } from '../invariants/status.js';
import { captureState } from '../invariants/unchanged.js';
import { type Actor, actorAuth } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand, serverAt } from '../model/cloud-model.js';
import { expectResponse } from '../model/expect.js';
import { predictAction } from '../model/predict.js';
import { pairOf, subjectOf, zonesOf } from '../model/subject.js';
import type { CloudSystem } from '../model/system.js';
import { atLeast, versionHeaders } from '../model/versions.js';
import { violated } from '../model/violation.js';
import { STATELESS_ACTIONS } from '../reference/actions.js';
import { refusalFor } from '../reference/preconditions.js';
import { pairKey, type StatePair } from '../reference/states.js';

/** Actions that end in another vm_state: picked more often when choosing among the allowed. */
const MOVES_ON: ReadonlySet<BodyAction> = new Set<BodyAction>([
  'resize',
  'confirmResize',
  'revertResize',
  'migrate',
  'start',
  'stop',
  'pause',
  'unpause',
  'suspend',
  'resume',
  'rescue',
  'unrescue',
  'shelve',
  'shelveOffload',
  'unshelve',
  'restore',
]);

/**
 * `POST /servers/{id}/action` on the live server at `index % live.length`, as its owner, a
 * member of the other project, or an admin. Checks the answer against the allowed-state
 * table (§2.2) and, when accepted, that the server took its action's first step (§2.3).
 */
export class ServerActionCommand implements CloudCommand {
  private target = '';
  private resolved: BodyAction | undefined;

  /**
   * @param choice an action, or `{ allowed: n }`: the n-th (mod count) of the actions the
   *   reference allows the server right now, so random traffic walks deep into the state
   *   space; `fallback` when none is allowed.
   */
  constructor(
    readonly choice: BodyAction | { readonly allowed: number; readonly fallback: BodyAction },
    readonly index: number,
    readonly actor: Actor,
    readonly version: string,
    readonly args: ActionArgs,
  ) {}

  check(model: Readonly<CloudModel>): boolean {
    return model.live.length > 0;
  }

  run(model: CloudModel, system: CloudSystem): void {
    const { id, projectId } = serverAt(model, this.index);
    this.target = id;
    this.resolved = undefined;
    runCommand(
      model,
      system,
      () => this.toString(),
      () => this.act(system, id, projectId),
    );
  }

  /** The action to send: fixed, or picked among those the reference allows now. */
  private resolve(system: CloudSystem, server: Server, auth: Auth): BodyAction {
    if (typeof this.choice === 'string') return this.choice;
    const { reference, cloud } = system;
    const subject = subjectOf(cloud, server);
    const caller = { isAdmin: auth.roles.includes('admin'), roles: auth.roles };
    const visible = caller.isAdmin || server.projectId === auth.projectId;
    const allowed = BODY_ACTIONS.filter((action) => {
      const row = reference.actions[action];
      if (row.minVersion !== undefined && !atLeast(this.version, row.minVersion)) return false;
      return visible && refusalFor(row, subject, caller) === undefined;
    });
    // Actions allowed in every state (lock, forceDelete…) would crowd out the walks, and
    // those that move the server to another vm_state take it deeper than the others.
    const walks = allowed.filter((action) => reference.actions[action].vmStates !== 'any');
    const pool = walks.length > 0 ? walks : allowed;
    const weight = (action: BodyAction) => (MOVES_ON.has(action) ? 3 : 1);
    const total = pool.reduce((sum, action) => sum + weight(action), 0);
    let left = this.choice.allowed % Math.max(1, total);
    for (const action of pool) {
      left -= weight(action);
      if (left < 0) return action;
    }
    return this.choice.fallback;
  }

  private act(system: CloudSystem, id: string, projectId: string): void {
    const { cloud } = system;
    const server = cloud.compute.get(id)!;
    const auth = actorAuth(this.actor, projectId);
    const action = this.resolve(system, server, auth);
    this.resolved = action;
    const body = buildActionBody(action, this.args, {
      version: this.version,
      hosts: cloud.hosts.list().map((h) => h.name),
      zones: zonesOf(cloud),
      isAdmin: this.actor === 'admin',
    });
    const wants = predictAction(system, server, action, body, auth, this.version);
    const from = pairOf(server);
    // A live migration the conductor refuses before 2.34 is a 4xx that leaves its records
    // (action, error migration, fault), as Nova's does: the one refusal that changes state.
    const recordsRefusal = action === 'migrateLive' && !atLeast(this.version, '2.34');
    const before = recordsRefusal ? undefined : captureState(cloud);
    if (action === 'createBackup') system.backups.expectBackup(rotationOf(body));
    const res = system.request({
      method: 'POST',
      path: `/v2.1/servers/${id}/action`,
      headers: versionHeaders(this.version),
      body,
      auth,
    });
    system.backups.expectBackup(undefined);
    const where = `${action} of ${id} (${pairKey(from)}) as ${this.actor}`;
    expectResponse(system, res, wants, where, before);
    if (res.status >= 300) return;
    this.checkAfter(system, action, id, from, where);
    this.checkBody(system, action, res.body, where);
  }

  /** §2.3: an accepted action leaves the server on its walk's first step. */
  private checkAfter(
    system: CloudSystem,
    action: BodyAction,
    id: string,
    from: StatePair,
    where: string,
  ): void {
    const server = system.cloud.compute.get(id)!;
    const to = pairOf(server);
    const same = to.vm === from.vm && to.task === from.task;
    if (STATELESS_ACTIONS.has(action) || action === 'confirmResize') {
      if (!same)
        violated(
          'transition',
          `${where} was accepted and moved the server to ${pairKey(to)}; it changes no state`,
        );
    } else {
      const allowed = system.reference.transitions.afterAccepted(action, from);
      const idle = action === 'resetState' || action === 'forceDelete';
      if (!allowed.some((p) => p.vm === to.vm && p.task === to.task) && !(idle && same)) {
        violated(
          'transition',
          `${where} was accepted and left the server ${pairKey(to)}; §2.3 expects ${allowed.map(pairKey).join(' or ') || 'no such action from this state'}`,
        );
      }
    }
    if (action === 'lock' && server.lockedBy === null)
      violated('lock', `${where} was accepted but the server is not locked`);
    if (action === 'unlock' && server.lockedBy !== null)
      violated('lock', `${where} was accepted but the server is still locked`);
  }

  private checkBody(system: CloudSystem, action: BodyAction, body: unknown, where: string): void {
    const { config, reference, cloud } = system;
    const b = (body ?? {}) as Record<string, unknown>;
    if (action === 'rescue' && config.enableInstancePassword && typeof b.adminPass !== 'string') {
      violated(
        'response',
        `${where}: §3.5 rescue answers {"adminPass": …}; got ${JSON.stringify(body)}`,
      );
    }
    if (action === 'rebuild') {
      checkServerView(reference, b.server, where, {
        cloud,
        server: cloud.compute.get(this.target)!,
        isAdmin: this.actor === 'admin',
        version: this.version,
      });
    }
    if ((action === 'createImage' || action === 'createBackup') && atLeast(this.version, '2.45')) {
      if (typeof b.image_id !== 'string')
        violated('response', `${where}: ≥ 2.45 answers {"image_id": …}`);
    }
  }

  toString(): string {
    const target = this.target === '' ? `#${this.index}` : `#${this.index} = ${this.target}`;
    const name =
      this.resolved ??
      (typeof this.choice === 'string' ? this.choice : `allowed[${this.choice.allowed}]`);
    return `${name}(${target} as ${this.actor} @${this.version})`;
  }
}

/** The rotation a createBackup body asks for, when it is a number. */
function rotationOf(body: unknown): number | undefined {
  const backup = (body as { createBackup?: { rotation?: unknown } } | null)?.createBackup;
  return typeof backup?.rotation === 'number' ? backup.rotation : undefined;
}
