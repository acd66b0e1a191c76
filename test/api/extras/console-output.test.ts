import { describe, expect, it } from 'vitest';
import { act, boot, call, messageOf, newCloud } from './helpers.js';

const output = (res: { body: unknown }) => (res.body as { output: string }).output;

function consoleOutput(cloud: ReturnType<typeof newCloud>, id: string, args: unknown = {}) {
  return call(cloud, 'POST', `servers/${id}/action`, { body: { 'os-getConsoleOutput': args } });
}

describe('os-getConsoleOutput', () => {
  it("gives the guest's boot log, which grows while the server runs", () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const first = consoleOutput(cloud, id);
    expect(first.status).toBe(200);
    expect(output(first)).toContain('Linux version');
    expect(output(first)).toContain('login:');
    cloud.clock.advance(3600_000);
    const later = output(consoleOutput(cloud, id));
    expect(later.startsWith(output(first).trimEnd())).toBe(true);
    expect(later.split('\n').length).toBeGreaterThan(output(first).split('\n').length + 10);
    expect(later).toContain('up 60 min');
  });

  it('is the same for the same seed and differs between servers', () => {
    const a = newCloud();
    const b = newCloud();
    const idA = boot(a);
    const idB = boot(b);
    expect(output(consoleOutput(a, idA))).toBe(output(consoleOutput(b, idB)));
    const other = boot(a, 'other');
    expect(output(consoleOutput(a, other))).not.toBe(output(consoleOutput(a, idA)));
  });

  it('stops growing while the server is stopped, and logs the power-down and the next boot', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    act(cloud, id, { 'os-stop': null });
    const stopped = output(consoleOutput(cloud, id));
    expect(stopped).toContain('reboot: Power down');
    cloud.clock.advance(3600_000);
    expect(output(consoleOutput(cloud, id))).toBe(stopped);
    act(cloud, id, { 'os-start': null });
    expect(output(consoleOutput(cloud, id)).match(/Linux version/g)).toHaveLength(2);
  });

  it('tails the log to `length` lines, as the compute manager slices it', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    cloud.clock.advance(3600_000);
    const full = output(consoleOutput(cloud, id));
    const pieces = full.split('\n');
    expect(output(consoleOutput(cloud, id, { length: 5 })).split('\n')).toHaveLength(5);
    expect(output(consoleOutput(cloud, id, { length: '3' }))).toBe(pieces.slice(-3).join('\n'));
    expect(output(consoleOutput(cloud, id, { length: 0 }))).toBe('');
    expect(output(consoleOutput(cloud, id, { length: null }))).toBe(full);
    // Nova's "-1 is unlimited" slices [1:]: everything but the first line.
    expect(output(consoleOutput(cloud, id, { length: -1 }))).toBe(pieces.slice(1).join('\n'));
  });

  it.each([
    [{ length: -2 }, 'less than the minimum of -1'],
    [{ length: 'ten' }, "does not match '^-?[0-9]+$'"],
    [{ length: 1.5 }, 'is not of type'],
    [{ lines: 3 }, 'Additional properties are not allowed'],
  ])('refuses %j with a 400', (args, why) => {
    const cloud = newCloud();
    const id = boot(cloud);
    const res = consoleOutput(cloud, id, args);
    expect(res.status).toBe(400);
    expect(messageOf(res.body)).toContain(why);
  });

  it('answers 409 while the server has no host (shelved offloaded), 404 for an unknown one', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    act(cloud, id, { shelve: null });
    const res = consoleOutput(cloud, id);
    expect(res.status).toBe(409);
    expect(messageOf(res.body)).toBe(`Instance ${id} is not ready`);
    const missing = consoleOutput(cloud, '00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
  });

  it("is refused to a reader (project member or admin) and 404 on another project's server", () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const reader = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${id}/action`,
      body: { 'os-getConsoleOutput': {} },
      auth: { projectId: '6f70656e737461636b20342065766572', userId: 'r', roles: ['reader'] },
    });
    expect(reader.status).toBe(403);
    expect(messageOf(reader.body)).toContain('os_compute_api:os-console-output');
    const stranger = call(cloud, 'POST', `servers/${id}/action`, {
      body: { 'os-getConsoleOutput': {} },
      projectId: 'other',
    });
    expect(stranger.status).toBe(404);
  });
});
