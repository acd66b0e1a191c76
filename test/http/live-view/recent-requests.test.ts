import { describe, expect, it } from 'vitest';
import { createRecentRequests } from '../../../src/http/live-view/recent-requests.js';

const entry = (n: number) => ({ at: n, method: 'GET', url: `/${n}`, status: 200 });

describe('createRecentRequests', () => {
  it('lists every request oldest first until the limit', () => {
    const recent = createRecentRequests(3);
    recent.add(entry(1));
    recent.add(entry(2));
    expect(recent.list().map((e) => e.at)).toEqual([1, 2]);
  });

  it('keeps the last `limit` requests, oldest first, however many came', () => {
    const recent = createRecentRequests(3);
    for (let n = 1; n <= 3; n++) recent.add(entry(n));
    expect(recent.list().map((e) => e.at)).toEqual([1, 2, 3]);
    for (let n = 4; n <= 8; n++) recent.add(entry(n));
    expect(recent.list().map((e) => e.at)).toEqual([6, 7, 8]);
    recent.add(entry(9));
    expect(recent.list().map((e) => e.at)).toEqual([7, 8, 9]);
  });

  it('keeps nothing with a limit of 0', () => {
    const recent = createRecentRequests(0);
    recent.add(entry(1));
    expect(recent.list()).toEqual([]);
  });

  it('a list read earlier does not change as requests come', () => {
    const recent = createRecentRequests(2);
    recent.add(entry(1));
    const before = recent.list();
    recent.add(entry(2));
    recent.add(entry(3));
    expect(before.map((e) => e.at)).toEqual([1]);
  });
});
