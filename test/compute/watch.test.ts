import { describe, expect, it } from 'vitest';
import * as ops from '../../src/compute/operations.js';
import { active, build, engine, MEMBER, settle } from '../support/engine.js';

describe('Compute.watch', () => {
  it('hears a row go in and every change of its machine state, deleted included', () => {
    const cloud = engine();
    const seen: string[] = [];
    cloud.compute.watch((server) =>
      seen.push(`${server.machine.vmState}/${server.machine.taskState}/${server.deleted}`),
    );
    const [server] = build(cloud);
    settle(cloud, server!);
    ops.deleteServer(cloud.compute, server!, MEMBER);
    settle(cloud, server!);
    expect(seen[0]).toBe('building/scheduling/false');
    expect(seen).toContain('active/null/false');
    expect(seen.at(-1)).toBe('deleted/null/true');
  });

  it('files a change in the list index before the events of that change go out', () => {
    const cloud = engine();
    const server = active(cloud);
    const listed: string[][] = [];
    const ids = () =>
      (
        cloud.request({
          method: 'GET',
          path: '/v2.1/servers',
          auth: { projectId: MEMBER.projectId, userId: MEMBER.userId, roles: ['member'] },
        }).body as {
          servers: { id: string }[];
        }
      ).servers.map((s) => s.id);
    cloud.events.on('server.deleted', () => listed.push(ids()));
    expect(ids()).toContain(server.id);
    ops.deleteServer(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(listed).toEqual([[]]);
  });
});
