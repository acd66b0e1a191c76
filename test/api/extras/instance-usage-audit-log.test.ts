import { describe, expect, it } from 'vitest';
import { lastCompletedMonth } from '../../../src/api/handlers/instance-usage-audit-log.js';
import { call, messageOf, newCloud } from './helpers.js';

describe('os-instance_usage_audit_log', () => {
  it('reports every compute host as not run for the last completed month', () => {
    const cloud = newCloud({ hosts: { count: 3 } });
    const res = call(cloud, 'GET', 'os-instance_usage_audit_log', { admin: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      instance_usage_audit_logs: {
        hosts_not_run: ['compute-1', 'compute-2', 'compute-3'],
        log: {},
        num_hosts: 3,
        num_hosts_done: 0,
        num_hosts_not_run: 3,
        num_hosts_running: 0,
        overall_status: '0 of 3 hosts done. 0 errors.',
        // The clock starts at 2026-01-01T00:00:00: that month has not completed yet.
        period_beginning: '2025-11-01 00:00:00',
        period_ending: '2025-12-01 00:00:00',
        total_errors: 0,
        total_instances: 0,
      },
    });
  });

  it('shows the period completed before a timestamp, and refuses a bad one', () => {
    const cloud = newCloud();
    const show = (id: string) =>
      call(cloud, 'GET', `os-instance_usage_audit_log/${encodeURIComponent(id)}`, { admin: true });
    const res = show('2012-07-05 10:00:00');
    expect(res.body).toMatchObject({
      instance_usage_audit_log: {
        period_beginning: '2012-06-01 00:00:00',
        period_ending: '2012-07-01 00:00:00',
      },
    });
    expect(show('2012-07-05 10:00:00.5').status).toBe(200);
    const bad = show('2012-07-05T10:00:00');
    expect(bad.status).toBe(400);
    expect(messageOf(bad.body)).toBe('Invalid timestamp for date 2012-07-05T10:00:00');
  });

  it('is admin-only', () => {
    const cloud = newCloud();
    const res = call(cloud, 'GET', 'os-instance_usage_audit_log');
    expect(res.status).toBe(403);
    expect(messageOf(res.body)).toContain('os-instance-usage-audit-log:list');
  });

  it('takes the month before when the instant is the first of a month, across a year', () => {
    expect(lastCompletedMonth(Date.UTC(2026, 0, 1))).toEqual({
      begin: Date.UTC(2025, 10, 1),
      end: Date.UTC(2025, 11, 1),
    });
    expect(lastCompletedMonth(Date.UTC(2026, 1, 15))).toEqual({
      begin: Date.UTC(2026, 0, 1),
      end: Date.UTC(2026, 1, 1),
    });
  });
});
