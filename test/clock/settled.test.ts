import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock/virtual-clock.js';

describe('VirtualClock onSettled', () => {
  it('runs once when each advance, next() and runAll() returns, after its timers', () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    clock.onTask((task) => log.push(task.kind));
    clock.onSettled(() => log.push('settled'));
    clock.schedule(10, { kind: 'a' });
    clock.schedule(20, { kind: 'b' });
    clock.advance(30);
    expect(log).toEqual(['a', 'b', 'settled']);
    clock.schedule(5, { kind: 'c' });
    clock.next();
    clock.schedule(5, { kind: 'd' });
    clock.runAll();
    expect(log).toEqual(['a', 'b', 'settled', 'c', 'settled', 'd', 'settled']);
  });

  it('runs when a timer throws, before the error reaches the caller', () => {
    const clock = new VirtualClock();
    let settled = 0;
    clock.onTask(() => {
      throw new Error('boom');
    });
    clock.onSettled(() => {
      settled++;
    });
    clock.schedule(1, { kind: 'x' });
    expect(() => clock.advance(5)).toThrow('boom');
    expect(settled).toBe(1);
  });
});
