import type { ApiRequest } from '../../api/request.js';
import type { InvalidAction } from '../arbitraries/invalid-action-body.js';
import type { InvalidCreate } from '../arbitraries/invalid-create-body.js';
import { captureState } from '../invariants/unchanged.js';
import { type Actor, actorAuth, memberAuth, type Project } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand } from '../model/cloud-model.js';
import { type Expected, expectResponse } from '../model/expect.js';
import type { CloudSystem } from '../model/system.js';
import { versionHeaders } from '../model/versions.js';

/** A request Nova refuses before it does anything, and the refusal expected. */
export type BadRequest =
  | { readonly kind: 'create'; readonly project: Project; readonly invalid: InvalidCreate }
  | {
      readonly kind: 'action';
      readonly index: number;
      readonly actor: Actor;
      readonly invalid: InvalidAction;
    }
  | {
      readonly kind: 'update';
      readonly index: number;
      readonly actor: Actor;
      readonly body: unknown;
    }
  | {
      readonly kind: 'unknown-server';
      readonly method: 'GET' | 'PUT' | 'DELETE' | 'POST';
      readonly id: string;
    }
  | { readonly kind: 'version'; readonly header: string };

/**
 * A request that must be refused with a 4xx and leave the cloud exactly as it was:
 * invalid bodies (400, before any lookup), unknown servers (404), bad microversions
 * (400/406). Targets are positions among live servers where one is needed.
 */
export class InvalidRequestCommand implements CloudCommand {
  private resolved = '';

  constructor(
    readonly bad: BadRequest,
    readonly version: string,
  ) {}

  check(_model: Readonly<CloudModel>): boolean {
    return true;
  }

  run(model: CloudModel, system: CloudSystem): void {
    this.resolved = '';
    runCommand(
      model,
      system,
      () => this.toString(),
      () => {
        const [request, wants] = this.build(model);
        const before = captureState(system.cloud);
        const res = system.request(request);
        expectResponse(
          system,
          res,
          wants,
          `${request.method} ${request.path} (${this.describe()})`,
          before,
        );
      },
    );
  }

  private target(model: CloudModel, index: number): { id: string; projectId: string } {
    if (model.live.length === 0)
      return { id: '00000000-0000-4000-8000-00000000dead', projectId: 'alpha' };
    const id = model.live[index % model.live.length]!;
    return model.servers.find((s) => s.id === id)!;
  }

  private build(model: CloudModel): [ApiRequest, Expected[]] {
    const headers = versionHeaders(this.version);
    const bad = this.bad;
    const badRequest: Expected[] = [
      { status: 400, because: 'schema or semantic validation (§5, §2.1)' },
    ];
    switch (bad.kind) {
      case 'create':
        return [
          {
            method: 'POST',
            path: '/v2.1/servers',
            headers,
            body: bad.invalid.body,
            auth: memberAuth(bad.project),
          },
          badRequest,
        ];
      case 'action': {
        const { id, projectId } = this.target(model, bad.index);
        this.resolved = id;
        const auth = actorAuth(bad.actor, projectId);
        return [
          {
            method: 'POST',
            path: `/v2.1/servers/${id}/action`,
            headers,
            body: bad.invalid.body,
            auth,
          },
          badRequest,
        ];
      }
      case 'update': {
        const { id, projectId } = this.target(model, bad.index);
        this.resolved = id;
        const auth = actorAuth(bad.actor, projectId);
        return [
          { method: 'PUT', path: `/v2.1/servers/${id}`, headers, body: bad.body, auth },
          badRequest,
        ];
      }
      case 'unknown-server': {
        const path = `/v2.1/servers/${bad.id}${bad.method === 'POST' ? '/action' : ''}`;
        const body =
          bad.method === 'POST'
            ? { pause: null }
            : bad.method === 'PUT'
              ? { server: { name: 'x' } }
              : undefined;
        return [
          { method: bad.method, path, headers, ...(body === undefined ? {} : { body }) },
          [
            {
              status: 404,
              message: `Instance ${bad.id} could not be found.`,
              because: 'no such server',
            },
          ],
        ];
      }
      case 'version':
        return [
          {
            method: 'GET',
            path: '/v2.1/servers/detail',
            headers: { 'OpenStack-API-Version': bad.header },
          },
          [
            { status: 400, because: '§7.3 malformed version' },
            { status: 406, because: '§7.3 version out of range' },
          ],
        ];
    }
  }

  private describe(): string {
    const bad = this.bad;
    switch (bad.kind) {
      case 'create':
        return `create: ${bad.invalid.reason}`;
      case 'action':
        return `action: ${bad.invalid.reason}`;
      case 'update':
        return `update: ${JSON.stringify(bad.body)}`;
      case 'unknown-server':
        return `${bad.method} of an unknown server`;
      case 'version':
        return `header ${bad.header}`;
    }
  }

  toString(): string {
    const on = this.resolved === '' ? '' : ` on ${this.resolved}`;
    return `invalid(${this.describe()}${on} @${this.version})`;
  }
}
