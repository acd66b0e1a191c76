import { IMAGE_SCHEMA } from '../schemas.js';
import { type GlanceContext, type GlanceRoute, json } from './context.js';

/** Glance's API versions: v2.16 current, the older minors supported. */
export function versionList(imageEndpoint: string) {
  return {
    versions: Array.from({ length: 17 }, (_, i) => 16 - i).map((minor) => ({
      id: `v2.${minor}`,
      status: minor === 16 ? 'CURRENT' : 'SUPPORTED',
      links: [{ rel: 'self', href: `${imageEndpoint}/v2/` }],
    })),
  };
}

const READ_ONLY_STRING = { type: ['null', 'string'], readOnly: true };

/** GET /v2/schemas/image: the image schema clients may read (glanceclient does). */
export function imageSchemaDocument() {
  const properties = IMAGE_SCHEMA.properties as Record<string, unknown>;
  return {
    name: 'image',
    properties: {
      ...properties,
      status: {
        type: 'string',
        readOnly: true,
        enum: [
          'queued',
          'saving',
          'active',
          'killed',
          'deleted',
          'uploading',
          'importing',
          'pending_delete',
          'deactivated',
        ],
      },
      checksum: { ...READ_ONLY_STRING, maxLength: 32 },
      os_hash_algo: { ...READ_ONLY_STRING, maxLength: 64 },
      os_hash_value: { ...READ_ONLY_STRING, maxLength: 128 },
      size: { type: ['null', 'integer'], readOnly: true },
      virtual_size: { type: ['null', 'integer'], readOnly: true },
      created_at: { type: 'string', readOnly: true },
      updated_at: { type: 'string', readOnly: true },
      self: { type: 'string', readOnly: true },
      file: { type: 'string', readOnly: true },
      schema: { type: 'string', readOnly: true },
      locations: { type: 'array', items: { type: 'object' } },
    },
    additionalProperties: { type: 'string' },
    links: [
      { rel: 'self', href: '{self}' },
      { rel: 'enclosure', href: '{file}' },
      { rel: 'describedby', href: '{schema}' },
    ],
  };
}

/**
 * GET /v2/schemas/member: image_members.py's member schema (a strict Schema, no extra
 * properties), without its description strings, as the image schema here.
 */
export function memberSchemaDocument() {
  return {
    name: 'member',
    properties: {
      member_id: { type: 'string' },
      image_id: {
        type: 'string',
        pattern:
          '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$',
      },
      created_at: { type: 'string' },
      updated_at: { type: 'string' },
      status: { type: 'string', enum: ['pending', 'accepted', 'rejected'] },
      schema: { readOnly: true, type: 'string' },
    },
    additionalProperties: false,
  };
}

/** glance.schema.CollectionSchema's document around an item schema. */
function collectionSchema(name: string, item: object) {
  return {
    name,
    properties: {
      [name]: { type: 'array', items: item },
      schema: { type: 'string' },
      first: { type: 'string' },
      next: { type: 'string' },
    },
    links: [
      { rel: 'first', href: '{first}' },
      { rel: 'next', href: '{next}' },
      { rel: 'describedby', href: '{schema}' },
    ],
  };
}

export const discoveryRoutes: readonly GlanceRoute[] = [
  { method: 'GET', path: '/v2/schemas/member', handler: () => json(200, memberSchemaDocument()) },
  {
    method: 'GET',
    path: '/v2/schemas/members',
    handler: () => json(200, collectionSchema('members', memberSchemaDocument())),
  },
  { method: 'GET', path: '/v2/schemas/image', handler: () => json(200, imageSchemaDocument()) },
  {
    method: 'GET',
    path: '/v2/schemas/images',
    handler: () => json(200, collectionSchema('images', imageSchemaDocument())),
  },
  {
    method: 'GET',
    path: '/v2/info/import',
    handler: (_ctx: GlanceContext) =>
      json(200, {
        'import-methods': {
          description: 'Import methods available.',
          type: 'array',
          value: ['glance-direct'],
        },
      }),
  },
];
