import fc from 'fast-check';
import { atLeast } from '../model/versions.js';
import { buildCreateBody, createArgs } from './create-body.js';

/** One way to break a valid create body; each must draw a 400 (§5.1–§5.3). */
interface Breakage {
  readonly name: string;
  readonly applies?: (version: string) => boolean;
  readonly apply: (body: { server: Record<string, unknown> }) => unknown;
}

const without = (key: string) => (body: { server: Record<string, unknown> }) => {
  const { [key]: _dropped, ...server } = body.server;
  return { ...body, server };
};
const withField = (key: string, value: unknown) => (body: { server: Record<string, unknown> }) => ({
  ...body,
  server: { ...body.server, [key]: value },
});

const BREAKAGES: readonly Breakage[] = [
  { name: 'no name', apply: without('name') },
  { name: 'empty name', apply: withField('name', '') },
  { name: 'name with a leading space', apply: withField('name', ' web') },
  { name: 'name with a trailing space', apply: withField('name', 'web ') },
  { name: 'name too long', apply: withField('name', 'x'.repeat(256)) },
  { name: 'no flavorRef', apply: without('flavorRef') },
  { name: 'empty flavorRef', apply: withField('flavorRef', '') },
  { name: 'unknown flavor', apply: withField('flavorRef', '424242') },
  { name: 'imageRef not a UUID', apply: withField('imageRef', 'not-a-uuid') },
  { name: 'unknown image', apply: withField('imageRef', '00000000-0000-4000-8000-000000000000') },
  { name: 'no imageRef and no volume', apply: without('imageRef') },
  { name: 'unknown property', apply: withField('bogus', 1) },
  { name: 'unknown top-level key', apply: (body) => ({ ...body, extra: {} }) },
  { name: 'min_count 0', apply: withField('min_count', 0) },
  { name: 'min_count not a number', apply: withField('min_count', 'two') },
  {
    name: 'min_count above max_count',
    apply: (body) => ({ ...body, server: { ...body.server, min_count: 3, max_count: 2 } }),
  },
  { name: 'networks not a list', apply: withField('networks', 'everything') },
  { name: 'no networks at 2.37+', applies: (v) => atLeast(v, '2.37'), apply: without('networks') },
  { name: 'metadata value not a string', apply: withField('metadata', { role: 1 }) },
  { name: 'metadata key too long', apply: withField('metadata', { ['k'.repeat(256)]: 'v' }) },
  {
    name: 'description before 2.19',
    applies: (v) => !atLeast(v, '2.19'),
    apply: withField('description', 'd'),
  },
  {
    name: 'description too long',
    applies: (v) => atLeast(v, '2.19'),
    apply: withField('description', 'd'.repeat(256)),
  },
  { name: 'accessIPv4 not an address', apply: withField('accessIPv4', '300.1.1') },
  { name: 'diskConfig unknown', apply: withField('OS-DCF:diskConfig', 'SOMETIMES') },
  { name: 'server not an object', apply: () => ({ server: 'web' }) },
  { name: 'body not an object', apply: () => [] },
  {
    name: 'tags before 2.52',
    applies: (v) => !atLeast(v, '2.52'),
    apply: withField('tags', ['a']),
  },
  {
    name: 'tag with a comma',
    applies: (v) => atLeast(v, '2.52'),
    apply: withField('tags', ['a,b']),
  },
];

/** An invalid create body and why it is invalid. */
export interface InvalidCreate {
  readonly reason: string;
  readonly body: unknown;
}

/**
 * A `POST /servers` body that Nova refuses with 400 at `version`: a valid body with one
 * thing broken (schema §5.1 or semantics §5.3).
 *
 * @example
 * test.prop([invalidCreateBody({ version: 'latest' })])('400', ({ body }) => { … });
 */
export function invalidCreateBody(ctx: { version: string }): fc.Arbitrary<InvalidCreate> {
  const usable = BREAKAGES.filter((b) => b.applies?.(ctx.version) ?? true);
  return fc.tuple(createArgs(), fc.constantFrom(...usable)).map(([args, breakage]) => ({
    reason: breakage.name,
    body: breakage.apply(buildCreateBody({ ...args, count: {} }, { version: ctx.version }).body),
  }));
}
