import { describe, expect, it } from 'vitest';
import { faultView } from '../../../src/api/views/fault.js';
import { hostId } from '../../../src/api/views/host-id.js';
import { instanceName } from '../../../src/api/views/server-fields.js';
import { isoTime, usageTime, usageTimeOrNull } from '../../../src/api/views/time.js';
import { shapeDiff } from './shape.js';

describe('hostId', () => {
  it('is the SHA-224 of project id then host (reference §4.5 test vector)', () => {
    expect(hostId('proj-a', 'compute-1')).toBe(
      '6d2357770289fdc781ed1855bc55032417ce50cbf770ecc4fd4f1029',
    );
  });

  it('is 56 lowercase hex digits and differs per project', () => {
    expect(hostId('proj-b', 'compute-1')).toMatch(/^[0-9a-f]{56}$/);
    expect(hostId('proj-b', 'compute-1')).not.toBe(hostId('proj-a', 'compute-1'));
  });

  it('is empty without a host', () => {
    expect(hostId('proj-a', null)).toBe('');
    expect(hostId('proj-a', '')).toBe('');
  });
});

describe('timestamps', () => {
  const at = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

  it('isoTime has seconds and Z, the fraction cut off', () => {
    expect(isoTime(at)).toBe('2026-01-02T03:04:05Z');
    expect(isoTime(Date.UTC(2026, 0, 2, 3, 4, 5, 999))).toBe('2026-01-02T03:04:05Z');
  });

  it('usageTime has six fraction digits and no zone', () => {
    expect(usageTime(at)).toBe('2026-01-02T03:04:05.678000');
    expect(usageTime(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('2026-01-02T03:04:05.000000');
    expect(usageTime(at + 0.5)).toBe('2026-01-02T03:04:05.678500');
  });

  it('usageTimeOrNull keeps null', () => {
    expect(usageTimeOrNull(null)).toBeNull();
    expect(usageTimeOrNull(at)).toBe('2026-01-02T03:04:05.678000');
  });
});

describe('faultView', () => {
  const created = Date.UTC(2026, 0, 1);

  it('shows code, created and message', () => {
    expect(faultView({ code: 500, message: 'boom', details: '', created }, true)).toEqual({
      code: 500,
      created: '2026-01-01T00:00:00Z',
      message: 'boom',
    });
  });

  it('shows the traceback of a 500 to admins only', () => {
    const fault = { code: 500, message: 'boom', details: 'Traceback', created };
    expect(faultView(fault, true).details).toBe('Traceback');
    expect(faultView(fault, false)).not.toHaveProperty('details');
  });

  it('shows details of a non-500 fault to everyone, as Nova does', () => {
    const fault = { code: 400, message: 'bad', details: 'why', created };
    expect(faultView(fault, false).details).toBe('why');
  });
});

describe('instanceName', () => {
  it('is instance-%08x of the DB id', () => {
    expect(instanceName(1)).toBe('instance-00000001');
    expect(instanceName(26)).toBe('instance-0000001a');
  });
});

describe('shapeDiff (the sample comparator)', () => {
  it('reports missing and extra keys, recursively and through first list elements', () => {
    const sample = { a: 1, b: { c: [{ d: 1, e: 2 }] } };
    expect(shapeDiff({ a: 2, b: { c: [{ d: 1, e: 3 }] } }, sample)).toEqual([]);
    expect(shapeDiff({ b: { c: [{ d: 1, f: 2 }] }, z: 0 }, sample)).toEqual([
      '$.a: missing',
      '$.b.c[0].e: missing',
      '$.b.c[0].f: not in the sample',
      '$.z: not in the sample',
    ]);
  });

  it('tells objects from scalars but not values', () => {
    expect(shapeDiff({ image: '' }, { image: { id: 'x' } })).toEqual([
      '$.image: expected an object, got ""',
    ]);
    expect(shapeDiff({ x: null }, { x: [1] })).toEqual([]);
    expect(shapeDiff({ metadata: { a: '1' } }, { metadata: { b: '2' } })).toEqual([]);
  });
});
