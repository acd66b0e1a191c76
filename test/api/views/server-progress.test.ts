import { describe, expect, it } from 'vitest';
import * as ops from '../../../src/compute/operations.js';
import {
  activeServer,
  advanceTo,
  advanceWithinStep,
  buildServer,
  erroredServer,
  flavor,
  IMAGE,
  OWNER,
  settle,
  show,
  testCloud,
} from './context.js';

describe('progress', () => {
  it('is 0 before spawning, then follows the spawning step, then 100', () => {
    const cloud = testCloud();
    const server = buildServer(cloud);
    expect(show(cloud, server).progress).toBe(0);
    advanceTo(cloud, server, 'networking');
    expect(show(cloud, server).progress).toBe(0);
    advanceTo(cloud, server, 'spawning');
    advanceWithinStep(cloud, server, 0.25);
    expect(show(cloud, server)).toMatchObject({ status: 'BUILD', progress: 25 });
    advanceWithinStep(cloud, server, 0.5);
    expect(show(cloud, server).progress).toBe(50);
    settle(cloud, server);
    expect(show(cloud, server)).toMatchObject({ status: 'ACTIVE', progress: 0 });
  });

  it('follows the running step of a rebuild and a resize, 100 at VERIFY_RESIZE', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    ops.rebuild(cloud.compute, server, OWNER, IMAGE);
    expect(show(cloud, server)).toMatchObject({ status: 'REBUILD', progress: 0 });
    advanceWithinStep(cloud, server, 0.5);
    expect(show(cloud, server).progress).toBe(50);
    settle(cloud, server);
    ops.resize(cloud.compute, server, OWNER, flavor('2'));
    expect(show(cloud, server)).toMatchObject({ status: 'RESIZE', progress: 0 });
    advanceWithinStep(cloud, server, 0.75);
    expect(show(cloud, server).progress).toBe(75);
    settle(cloud, server);
    expect(show(cloud, server)).toMatchObject({ status: 'VERIFY_RESIZE', progress: 100 });
  });

  it('is absent outside the progress statuses', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    ops.stop(cloud.compute, server, OWNER);
    settle(cloud, server);
    expect(show(cloud, server).status).toBe('SHUTOFF');
    expect(show(cloud, server)).not.toHaveProperty('progress');
  });
});

describe('fault', () => {
  it('shows on ERROR, with the NoValidHost traceback for an admin', () => {
    const cloud = testCloud();
    const server = erroredServer(cloud);
    const view = show(cloud, server, '2.1', true);
    expect(view.fault).toEqual({
      code: 500,
      created: expect.stringMatching(/Z$/),
      message: 'No valid host was found. ',
      details: expect.stringMatching(
        /\nnova\.exception\.NoValidHost: No valid host was found\. \n$/,
      ),
    });
    expect(view).not.toHaveProperty('progress');
    expect(view.hostId).toBe('');
  });

  it('shows no details to anyone when there is no traceback', () => {
    const cloud = testCloud();
    const server = erroredServer(cloud);
    server.fault = { ...server.fault!, details: '' };
    expect(show(cloud, server, '2.1', true).fault).not.toHaveProperty('details');
  });

  it('shows a 500 traceback to admins only', () => {
    const cloud = testCloud();
    const server = erroredServer(cloud);
    server.fault = { ...server.fault!, details: 'Traceback (most recent call last):' };
    expect(show(cloud, server, '2.1', true).fault).toHaveProperty('details');
    expect(show(cloud, server).fault).not.toHaveProperty('details');
  });

  it('is hidden while the server is not ERROR or DELETED', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    server.fault = { code: 500, message: 'old', details: '', created: cloud.clock.now() };
    expect(show(cloud, server)).not.toHaveProperty('fault');
  });

  it('shows on a DELETED server, whose vm_state reads deleted', () => {
    const cloud = testCloud();
    const server = erroredServer(cloud);
    ops.deleteServer(cloud.compute, server, OWNER);
    settle(cloud, server);
    expect(server.deleted).toBe(true);
    expect(show(cloud, server)).toMatchObject({
      status: 'DELETED',
      'OS-EXT-STS:vm_state': 'deleted',
      fault: { code: 500 },
      'OS-SRV-USG:terminated_at': expect.stringMatching(/\.\d{6}$/),
    });
  });
});
