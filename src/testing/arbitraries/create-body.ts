import fc from 'fast-check';
import { atLeast } from '../model/versions.js';
import { SAMPLE_FLAVOR_IDS, SAMPLE_IMAGES, SAMPLE_NETWORK_ID, SERVER_NAMES } from './catalog.js';

/**
 * The choices behind a valid create body, before the cloud is known: an availability zone
 * is a position among the cloud's zones, resolved when the command runs.
 */
export interface CreateArgs {
  readonly name: string;
  readonly flavor: string;
  readonly flavorForm: 'string' | 'integer' | 'url';
  readonly image: string;
  readonly count: { readonly min?: number; readonly max?: number };
  readonly networks: 'auto' | 'none' | 'list';
  readonly zone?: number | null;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly description?: string | null;
  readonly tags?: readonly string[];
  readonly diskConfig?: 'AUTO' | 'MANUAL';
}

export interface CreateContext {
  /** The microversion the body is for (`latest` allowed). */
  readonly version: string;
  /** Availability zones `zone` positions pick from. */
  readonly zones?: readonly string[];
}

/** A create body with what the reference needs to predict the answer. */
export interface BuiltCreate {
  readonly body: { server: Record<string, unknown> };
  readonly flavor: string;
  readonly min: number;
  readonly max: number;
  readonly zone: string | undefined;
}

const count = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.record({ max: fc.integer({ min: 1, max: 3 }) }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }))
      .map(([min, extra]) => ({ min, max: min + extra })),
  },
);

/** The abstract choices of a valid create body. */
export function createArgs(): fc.Arbitrary<CreateArgs> {
  return fc.record(
    {
      name: fc.constantFrom(...SERVER_NAMES),
      flavor: fc.constantFrom(...SAMPLE_FLAVOR_IDS.slice(0, 4)),
      flavorForm: fc.constantFrom('string', 'string', 'integer', 'url'),
      image: fc.constantFrom(...SAMPLE_IMAGES),
      count,
      networks: fc.constantFrom('auto', 'auto', 'none', 'list'),
      zone: fc.oneof(
        { weight: 4, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.nat(7) },
      ),
      metadata: fc.dictionary(
        fc.constantFrom('role', 'tier', 'owner'),
        fc.constantFrom('a', 'b', ''),
        {
          maxKeys: 2,
        },
      ),
      description: fc.option(fc.constantFrom('front end', ''), { nil: null }),
      tags: fc.uniqueArray(fc.constantFrom('blue', 'green', 'prod'), { maxLength: 2 }),
      diskConfig: fc.constantFrom('AUTO', 'MANUAL'),
    },
    { requiredKeys: ['name', 'flavor', 'flavorForm', 'image', 'count', 'networks'] },
  );
}

/**
 * Turns create choices into the body a microversion accepts: networks omitted or a list
 * before 2.37 and required from it, `description` from 2.19, `tags` from 2.52.
 *
 * @example
 * buildCreateBody(args, { version: '2.1' }).body; // { server: { name, imageRef, flavorRef } }
 */
export function buildCreateBody(args: CreateArgs, ctx: CreateContext): BuiltCreate {
  const server: Record<string, unknown> = {
    name: args.name,
    imageRef: args.image,
    flavorRef:
      args.flavorForm === 'integer'
        ? Number(args.flavor)
        : args.flavorForm === 'url'
          ? `http://openstack.example.com/flavors/${args.flavor}`
          : args.flavor,
  };
  const required = atLeast(ctx.version, '2.37');
  if (args.networks === 'list') server.networks = [{ uuid: SAMPLE_NETWORK_ID }];
  else if (required) server.networks = args.networks;
  if (args.count.min !== undefined) server.min_count = args.count.min;
  if (args.count.max !== undefined) server.max_count = args.count.max;
  const zones = ctx.zones ?? [];
  const zone =
    typeof args.zone === 'number' && zones.length > 0 ? zones[args.zone % zones.length] : undefined;
  if (zone !== undefined) server.availability_zone = zone;
  if (args.metadata !== undefined) server.metadata = { ...args.metadata };
  if (args.description !== undefined && atLeast(ctx.version, '2.19'))
    server.description = args.description;
  if (args.tags !== undefined && args.tags.length > 0 && atLeast(ctx.version, '2.52'))
    server.tags = [...args.tags];
  if (args.diskConfig !== undefined) server['OS-DCF:diskConfig'] = args.diskConfig;
  const min = args.count.min ?? 1;
  return { body: { server }, flavor: args.flavor, min, max: args.count.max ?? min, zone };
}

/**
 * A valid `POST /servers` body for a microversion, against the default catalog.
 *
 * @example
 * test.prop([createBody({ version: '2.37' })])('creates', (body) => { … });
 */
export function createBody(ctx: CreateContext): fc.Arbitrary<Record<string, unknown>> {
  return createArgs().map((args) => buildCreateBody(args, ctx).body);
}
