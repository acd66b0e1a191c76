import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NovaError } from '../../src/errors/nova-error.js';
import { createScheduler, HOST_DEFAULTS } from '../../src/scheduler/index.js';
import { flavor, novaCode } from './helpers.js';

describe('capacity', () => {
  it('defaults to 16 vCPU × 4.0, 32768 MB − 512 reserved, 500 GB', () => {
    const s = createScheduler();
    s.addHost({ name: 'c1' }, 0);
    expect(s.capacity('c1')).toEqual({ vcpus: 64, memoryMb: 32256, diskGb: 500 });
    expect(s.usage('c1')).toEqual({ vcpus: 0, memoryMb: 0, diskGb: 0 });
    expect(s.free('c1')).toEqual({ vcpus: 64, memoryMb: 32256, diskGb: 500 });
    expect(s.getHost('c1')?.spec.reserved).toEqual({ vcpus: 0, memoryMb: 512, diskGb: 0 });
    expect(HOST_DEFAULTS.allocationRatio).toEqual({ vcpus: 4, memoryMb: 1, diskGb: 1 });
  });

  it('applies (total − reserved) × ratio per class', () => {
    const s = createScheduler();
    s.addHost(
      {
        name: 'c1',
        vcpus: 8,
        memoryMb: 4096,
        diskGb: 100,
        reserved: { vcpus: 2, memoryMb: 1024, diskGb: 10 },
        allocationRatio: { vcpus: 2, memoryMb: 1.5, diskGb: 1 },
      },
      0,
    );
    expect(s.capacity('c1')).toEqual({ vcpus: 12, memoryMb: 4608, diskGb: 90 });
  });

  it('fills a host exactly to capacity and refuses one unit more', () => {
    const s = createScheduler();
    s.addHost({ name: 'c1', vcpus: 2, memoryMb: 2560, diskGb: 10 }, 0);
    s.claim('a', 'c1', flavor(2, 1024, 5));
    s.claim('b', 'c1', flavor(2, 1024, 5));
    s.claim('c', 'c1', flavor(2, 0, 0));
    s.claim('d', 'c1', flavor(2, 0, 0));
    expect(s.free('c1')).toEqual({ vcpus: 0, memoryMb: 0, diskGb: 0 });
    expect(novaCode(() => s.claim('e', 'c1', flavor(1, 0, 0)))).toBe(409);
    expect(() => s.claim('e', 'c1', flavor(0, 1, 0))).toThrow(
      "Unable to allocate inventory for consumer e: Unable to create allocation for 'MEMORY_MB' " +
        "on resource provider 'c1'. The requested amount would exceed the capacity.",
    );
    expect(s.usage('c1')).toEqual({ vcpus: 8, memoryMb: 2048, diskGb: 10 });
    expect(s.fits('c1', flavor(1, 0, 0))).toBe(false);
    expect(s.fits('c1', flavor(0, 0, 0))).toBe(true);
  });

  it('refuses more than max_unit (the physical total) even when the ratio allows it', () => {
    const s = createScheduler();
    s.addHost({ name: 'c1', vcpus: 16 }, 0);
    expect(s.fits('c1', flavor(17, 512))).toBe(false);
    expect(() => s.claim('a', 'c1', flavor(17, 512))).toThrow(/violate inventory constraints/);
    expect(s.fits('c1', flavor(16, 512))).toBe(true);
  });

  it('does not check a class the request does not ask for', () => {
    const s = createScheduler();
    s.addHost({ name: 'c1', diskGb: 0 }, 0);
    expect(s.fits('c1', flavor(1, 512, 0))).toBe(true);
    expect(s.fits('c1', flavor(1, 512, 1))).toBe(false);
    expect(s.fits('nowhere', flavor(1, 1, 1))).toBe(false);
  });

  it('rejects malformed amounts as caller bugs', () => {
    const s = createScheduler();
    s.addHost({ name: 'c1' }, 0);
    expect(() => s.claim('a', 'c1', flavor(-1, 0))).toThrow(RangeError);
    expect(() => s.claim('a', 'c1', flavor(1.5, 0))).toThrow(RangeError);
    expect(() => s.addHost({ name: 'c2', allocationRatio: { vcpus: 0 } }, 0)).toThrow(RangeError);
    expect(() => s.addHost({ name: '' }, 0)).toThrow(RangeError);
  });

  it('never exceeds capacity, whatever claims and releases come', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('claim' as const),
        consumer: fc.integer({ min: 0, max: 9 }),
        host: fc.integer({ min: 0, max: 2 }),
        vcpus: fc.integer({ min: 0, max: 20 }),
        memoryMb: fc.integer({ min: 0, max: 9000 }),
        diskGb: fc.integer({ min: 0, max: 60 }),
      }),
      fc.record({
        kind: fc.constant('release' as const),
        consumer: fc.integer({ min: 0, max: 9 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = createScheduler();
        for (let i = 0; i < 3; i++) {
          s.addHost({ name: `h${i}`, vcpus: 8, memoryMb: 16384, diskGb: 100 }, 0);
        }
        for (const o of ops) {
          if (o.kind === 'release') {
            s.release(`c${o.consumer}`);
          } else {
            const host = `h${o.host}`;
            const r = flavor(o.vcpus, o.memoryMb, o.diskGb);
            const fits = s.fits(host, r);
            try {
              s.claim(`c${o.consumer}`, host, r);
              expect(fits).toBe(true);
            } catch (error) {
              expect(error).toBeInstanceOf(NovaError);
            }
          }
          for (const h of s.hosts()) {
            for (const rc of ['vcpus', 'memoryMb', 'diskGb'] as const) {
              expect(h.used[rc]).toBeLessThanOrEqual(h.capacity[rc]);
              expect(h.used[rc]).toBe(
                s.claimsOnHost(h.name).reduce((sum, c) => sum + c.resources[rc], 0),
              );
            }
          }
        }
      }),
    );
  });
});

describe('claims', () => {
  function setup() {
    const s = createScheduler();
    s.addHost({ name: 'src' }, 0);
    s.addHost({ name: 'dst' }, 0);
    return s;
  }

  it('releases all of a consumer’s claims, on every host', () => {
    const s = setup();
    s.claim('vm', 'src', flavor(2, 2048, 20));
    s.claim('vm', 'dst', flavor(4, 4096, 40));
    s.claim('other', 'src', flavor(1, 512, 1));
    expect(s.claimsOf('vm').map((c) => c.host)).toEqual(['dst', 'src']);
    expect(s.release('vm')).toEqual([
      { consumerId: 'vm', host: 'dst', resources: flavor(4, 4096, 40) },
      { consumerId: 'vm', host: 'src', resources: flavor(2, 2048, 20) },
    ]);
    expect(s.claimsOf('vm')).toEqual([]);
    expect(s.usage('dst')).toEqual(flavor(0, 0, 0));
    expect(s.usage('src')).toEqual(flavor(1, 512, 1));
    expect(s.release('vm')).toEqual([]);
  });

  it('releases one host only with releaseOn', () => {
    const s = setup();
    s.claim('vm', 'src', flavor(2, 2048, 20));
    s.claim('vm', 'dst', flavor(4, 4096, 40));
    expect(s.releaseOn('vm', 'dst')?.resources).toEqual(flavor(4, 4096, 40));
    expect(s.releaseOn('vm', 'dst')).toBeUndefined();
    expect(s.claimsOf('vm').map((c) => c.host)).toEqual(['src']);
  });

  it('moves the source claim to the migration record, then confirm or revert', () => {
    const s = setup();
    s.claim('vm', 'src', flavor(2, 2048, 20));
    // resize: source allocation to the migration, new flavor on the destination
    expect(s.moveClaim('vm', 'mig')).toEqual([
      { consumerId: 'mig', host: 'src', resources: flavor(2, 2048, 20) },
    ]);
    s.claim('vm', 'dst', flavor(4, 4096, 40));
    expect(s.usage('src')).toEqual(flavor(2, 2048, 20));
    expect(s.claimsOnHost('src')).toEqual([
      { consumerId: 'mig', host: 'src', resources: flavor(2, 2048, 20) },
    ]);
    // confirm frees the source side
    s.release('mig');
    expect(s.usage('src')).toEqual(flavor(0, 0, 0));
    expect(s.claimsOf('vm').map((c) => c.host)).toEqual(['dst']);
  });

  it('reverts by dropping the destination and moving the source claim back', () => {
    const s = setup();
    s.claim('vm', 'src', flavor(2, 2048, 20));
    s.moveClaim('vm', 'mig');
    s.claim('vm', 'dst', flavor(4, 4096, 40));
    s.release('vm');
    s.moveClaim('mig', 'vm');
    expect(s.claimsOf('vm')).toEqual([
      { consumerId: 'vm', host: 'src', resources: flavor(2, 2048, 20) },
    ]);
    expect(s.claimsOf('mig')).toEqual([]);
    expect(s.moveClaim('nobody', 'vm')).toEqual([]);
  });

  it('counts old and new flavor during a same-host resize', () => {
    const s = createScheduler();
    s.addHost({ name: 'h', vcpus: 4, memoryMb: 4608 }, 0);
    s.claim('vm', 'h', flavor(2, 2048));
    s.moveClaim('vm', 'mig');
    s.claim('vm', 'h', flavor(4, 2048));
    expect(s.usage('h')).toEqual(flavor(6, 4096));
    expect(s.claimsOnHost('h').map((c) => c.consumerId)).toEqual(['mig', 'vm']);
  });

  it('refuses a second claim of one consumer on one host, and a move onto one', () => {
    const s = setup();
    s.claim('vm', 'src', flavor(1, 512));
    expect(novaCode(() => s.claim('vm', 'src', flavor(1, 512)))).toBe(409);
    s.claim('mig', 'src', flavor(1, 512));
    expect(novaCode(() => s.moveClaim('vm', 'mig'))).toBe(409);
    expect(s.claimsOf('vm')).toHaveLength(1);
  });

  it('claims on an unknown host are 404', () => {
    const s = setup();
    expect(novaCode(() => s.claim('vm', 'nowhere', flavor(1, 1)))).toBe(404);
    expect(novaCode(() => s.usage('nowhere'))).toBe(404);
  });
});

describe('host registry', () => {
  it('lists hosts by name', () => {
    const s = createScheduler();
    for (const name of ['b', 'c', 'a']) s.addHost({ name }, 0);
    expect(s.hosts().map((h) => h.name)).toEqual(['a', 'b', 'c']);
    s.removeHost('b');
    expect(s.hosts().map((h) => h.name)).toEqual(['a', 'c']);
    expect(s.getHost('b')).toBeUndefined();
  });

  it('refuses to remove a host that still holds claims', () => {
    const s = createScheduler();
    s.addHost({ name: 'a' }, 0);
    s.claim('vm', 'a', flavor(1, 512));
    expect(() => s.removeHost('a')).toThrow(
      'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.',
    );
    expect(novaCode(() => s.removeHost('a'))).toBe(409);
    s.release('vm');
    s.removeHost('a');
    expect(s.hosts()).toEqual([]);
    expect(novaCode(() => s.removeHost('a'))).toBe(404);
  });

  it('refuses a duplicate host name', () => {
    const s = createScheduler();
    s.addHost({ name: 'a' }, 0);
    expect(novaCode(() => s.addHost({ name: 'a' }, 0))).toBe(409);
  });

  it('can re-add a removed host and select it', () => {
    const s = createScheduler();
    s.addHost({ name: 'a' }, 0);
    s.addHost({ name: 'b' }, 0);
    s.removeHost('a');
    s.addHost({ name: 'a', memoryMb: 65536 }, 0);
    const r = s.select({ resources: flavor(1, 512), count: 1 }, 0);
    expect(r).toEqual({ ok: true, picks: [['a', 'b']] });
  });
});
