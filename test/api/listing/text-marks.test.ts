import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseListRequest, runListPlan } from '../../../src/api/listing/index.js';
import { databaseRegex, requiredLiteral } from '../../../src/api/listing/regex.js';
import { narrowest } from '../../../src/api/listing/row-plan.js';
import { serverIndex } from '../../../src/api/listing/server-index.js';
import { TextMarks } from '../../../src/api/listing/text-marks.js';
import { boot, listContext, member, newCloud, settle } from './helpers.js';

// Issue 14: `name=zz` over unique names must not walk every row. A column's character
// marks say when no text can hold a literal; they must never hide a row the database's
// REGEXP (RE2, case-insensitive) would match.

/** Characters that test the folds: both cases, KELVIN SIGN, LONG S, dotted I, é. */
const CHARS = ['a', 'b', 'k', 's', 'z', 'A', 'K', 'S', '-', '\u212a', '\u017f', '\u0130', 'é'];
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 6 }).map((c) => c.join(''));
const literal = fc
  .array(fc.constantFrom('a', 'b', 'k', 's', 'z', '-'), { minLength: 1, maxLength: 3 })
  .map((c) => c.join(''));

describe('text marks', () => {
  it('never say no for a literal some counted text matches', () => {
    fc.assert(
      fc.property(
        fc.array(text, { maxLength: 8 }),
        fc.array(fc.nat(7), { maxLength: 4 }),
        literal,
        (texts, removed, needle) => {
          const marks = new TextMarks();
          const live = [...texts];
          // Sort values are lower-cased; the marks must not rely on it.
          // Counted once or many at a time, as a restore counts a value's rows.
          const copies = new Map<string, number>();
          for (const t of texts) copies.set(t, (copies.get(t) ?? 0) + 1);
          for (const [t, n] of copies) marks.add(t, n);
          for (const i of removed) {
            const gone = live.splice(i % Math.max(1, live.length), 1)[0];
            if (gone !== undefined) marks.remove(gone);
          }
          const pattern = databaseRegex(needle)!;
          const matched = live.some((t) => pattern.test(t));
          if (matched) expect(marks.mayHold(needle)).toBe(true);
          if (live.length === 0) expect(marks.mayHold(needle)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answer no for a pair no text holds', () => {
    const marks = new TextMarks();
    for (let i = 0; i < 100; i++) marks.add(`bench-${i}`);
    expect(marks.mayHold('zz')).toBe(false);
    expect(marks.mayHold('ench-9')).toBe(true);
    expect(marks.mayHold('hb')).toBe(false);
    marks.add('\u212aelvin');
    expect(marks.mayHold('kel')).toBe(true);
  });

  it('fold exactly the non-ASCII characters RE2 folds onto ASCII', () => {
    // Every character a case-insensitive class of all printable ASCII matches.
    const ascii = databaseRegex('[ -~]')!;
    const folded: number[] = [];
    for (let u = 0x80; u <= 0xffff; u++) {
      if (u >= 0xd800 && u <= 0xdfff) continue;
      if (ascii.test(String.fromCharCode(u))) folded.push(u);
    }
    expect(folded).toEqual([0x17f, 0x212a]);
    const marks = new TextMarks();
    marks.add('\u017f\u212a');
    expect(marks.mayHold('sk')).toBe(true);
  });
});

describe('requiredLiteral', () => {
  it('reads literals with flags and anchors, and nothing else', () => {
    expect(requiredLiteral('zz')).toBe('zz');
    expect(requiredLiteral('(?i)^Web-1$')).toBe('web-1');
    expect(requiredLiteral('a|b')).toBe('a|b');
    expect(requiredLiteral('\\.x')).toBe('.x');
    expect(requiredLiteral('web.*')).toBeUndefined();
    expect(requiredLiteral('^')).toBeUndefined();
    expect(requiredLiteral('')).toBeUndefined();
    expect(requiredLiteral('a\\\\$')).toBeUndefined();
    expect(requiredLiteral('(?x)zz')).toBeUndefined();
  });

  it('is contained in every text the database pattern matches', () => {
    const piece = fc.constantFrom('a', 'K', 's', '^', '$', '|', '\\.', '\\$', '.', '(?i)', '-');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }), fc.array(text, { maxLength: 6 }), (p, ts) => {
        const pattern = p.join('');
        const needle = requiredLiteral(pattern);
        const database = databaseRegex(pattern);
        if (needle === undefined || database === undefined) return;
        const holds = databaseRegex(needle.replace(/[.^$|\\()[\]{}*+?]/g, '\\$&'))!;
        for (const t of ts) if (database.test(t)) expect(holds.test(t)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a name literal no row holds', () => {
  it('answers as a scan does, with unique names, folds and renames', () => {
    const cloud = newCloud();
    boot(cloud, { name: 'web', count: 300 });
    boot(cloud, { name: '\u212aelvin-\u017fun' });
    settle(cloud);
    const [top] = boot(cloud, { name: 'zz-top' });
    settle(cloud);
    const caller = member();
    const page = (query: string, scan: boolean) => {
      const plan = parseListRequest(listContext(cloud, query, caller), true);
      if (plan === 'empty') throw new Error(`${query}: empty plan`);
      return runListPlan(cloud, plan, { scan }).map((s) => s.name);
    };
    const same = (query: string) => {
      const rows = page(query, false);
      expect(rows, query).toEqual(page(query, true));
      return rows;
    };
    expect(same('name=zz')).toEqual(['zz-top']);
    const renamed = cloud.request({
      method: 'PUT',
      path: `/v2.1/servers/${top!.id}`,
      body: { server: { name: 'web-top' } },
      auth: { projectId: caller.projectId, userId: caller.userId, roles: ['member'] },
    });
    expect(renamed.status).toBe(200);
    expect(same('name=zz')).toEqual([]);
    expect(same('name=(?i)^ZZ')).toEqual([]);
    expect(same('name=kelvin')).toEqual(['\u212aelvin-\u017fun']);
    expect(same('name=SUN')).toEqual(['\u212aelvin-\u017fun']);
    // A rename keeps the hostname.
    expect(same('hostname=zz')).toEqual(['web-top']);
    expect(same('hostname=zzz')).toEqual([]);
    expect(same('name=web-29')).toHaveLength(11);
  });

  it('is answered from the marks past the runs a filter may read (no walk of the rows)', () => {
    const cloud = newCloud();
    // More distinct names than the runs a narrowing reads (MAX_DISTINCT, 4,096).
    boot(cloud, { name: 'bench', count: 5000 });
    settle(cloud);
    const caller = member();
    const narrowing = (query: string) => {
      const plan = parseListRequest(listContext(cloud, query, caller), true);
      if (plan === 'empty') throw new Error(`${query}: empty plan`);
      return narrowest(serverIndex(cloud), plan.filter, 2048);
    };
    expect(narrowing('name=zz')?.estimate).toBe(0);
    expect(narrowing('name=^BENCH-1X$')?.estimate).toBe(0);
    // Every pair of `bench-49999` is in some name: the runs give up, the page walks.
    expect(narrowing('name=bench-49999')).toBeUndefined();
  });
});
