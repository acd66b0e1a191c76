import type { Microversion } from '../../microversion.js';
import type { Schema } from '../validate.js';
import { blockDeviceMappingsV2, LEGACY_BLOCK_DEVICE_MAPPINGS } from './block-device-mapping.js';
import {
  ACCESS_IPV4,
  ACCESS_IPV6,
  ADMIN_PASSWORD,
  BOOLEAN,
  DESCRIPTION,
  DISK_CONFIG,
  FLAVOR_REF,
  FQDN,
  HOSTNAME,
  IMAGE_ID_OR_EMPTY_STRING,
  IP_ADDRESS,
  METADATA,
  NAME,
  NAME_OR_NONE,
  PERSONALITY,
  POSITIVE_INTEGER,
  TAG,
  TAGS,
  TRUSTED_CERTS,
  USER_DATA,
  USER_DATA_OR_NULL,
  UUID,
} from './parameter-types.js';
import { SCHEDULER_HINTS } from './scheduler-hints.js';
import { actionBody, everyVersion, strictObject } from './versioned.js';

// nova/api/openstack/compute/schemas/servers.py. Each builder takes the version a schema
// starts at; the gate lists are the `@validation.schema` ranges of the servers controller.

const PORT: Schema = { type: ['string', 'null'], format: 'uuid' };

/**
 * `server.networks`. The tag went in at 2.32 but, by a slip in Nova (`== '2.32'` meant `>=`),
 * 2.37 rebuilt the list without it; 2.42 put it back. Nova's 2.33 schema keeps the network
 * tag (only the BDM tag was 2.32-only), so network tags work at 2.32–2.36 and 2.42+.
 */
function networks(version: Microversion): Schema {
  const tagged = version.atLeast('2.32') && (version.below('2.37') || version.atLeast('2.42'));
  const tag = tagged ? { tag: TAG } : {};
  if (version.below('2.37')) {
    return {
      type: 'array',
      items: strictObject({ fixed_ip: IP_ADDRESS, port: PORT, uuid: { type: 'string' }, ...tag }),
    };
  }
  return {
    oneOf: [
      {
        type: 'array',
        items: strictObject({ fixed_ip: IP_ADDRESS, port: PORT, uuid: UUID, ...tag }),
      },
      { type: 'string', enum: ['none', 'auto'] },
    ],
  };
}

/** 2.90–2.93 a single label, 2.94+ an FQDN. */
function hostname(version: Microversion): Schema {
  return version.atLeast('2.94') ? FQDN : HOSTNAME;
}

function buildCreate(version: Microversion): Schema {
  const is232 = version.compare('2.32') === 0;
  const server: Record<string, Schema> = {
    name: NAME,
    // Empty only for boot from volume; the controller enforces that.
    imageRef: IMAGE_ID_OR_EMPTY_STRING,
    flavorRef: FLAVOR_REF,
    adminPass: ADMIN_PASSWORD,
    metadata: METADATA,
    networks: networks(version),
    'OS-DCF:diskConfig': DISK_CONFIG,
    accessIPv4: ACCESS_IPV4,
    accessIPv6: ACCESS_IPV6,
    // Where Nova's dict lists it (2.57 pops it): jsonschema reports errors in this order.
    ...(version.below('2.57') ? { personality: PERSONALITY } : {}),
    availability_zone: NAME,
    block_device_mapping: LEGACY_BLOCK_DEVICE_MAPPINGS,
    block_device_mapping_v2: blockDeviceMappingsV2({
      tag: is232 || version.atLeast('2.42'),
      volumeType: version.atLeast('2.67'),
    }),
    config_drive: BOOLEAN,
    key_name: NAME,
    min_count: POSITIVE_INTEGER,
    max_count: POSITIVE_INTEGER,
    return_reservation_id: BOOLEAN,
    // Neutron takes a name or an id here; `NAME` admits both.
    security_groups: { type: 'array', items: strictObject({ name: NAME }) },
    user_data: USER_DATA,
  };
  if (version.atLeast('2.19')) server.description = DESCRIPTION;
  if (version.atLeast('2.52')) server.tags = TAGS;
  if (version.atLeast('2.63')) server.trusted_image_certificates = TRUSTED_CERTS;
  if (version.atLeast('2.74')) {
    server.host = FQDN;
    server.hypervisor_hostname = FQDN;
  }
  if (version.atLeast('2.90')) server.hostname = hostname(version);
  const required = version.atLeast('2.37')
    ? ['name', 'flavorRef', 'networks']
    : ['name', 'flavorRef'];
  return strictObject(
    {
      server: strictObject(server, required),
      'os:scheduler_hints': SCHEDULER_HINTS,
      'OS-SCH-HNT:scheduler_hints': SCHEDULER_HINTS,
    },
    ['server'],
  );
}

function buildUpdate(version: Microversion): Schema {
  const server: Record<string, Schema> = {
    name: NAME,
    'OS-DCF:diskConfig': DISK_CONFIG,
    accessIPv4: ACCESS_IPV4,
    accessIPv6: ACCESS_IPV6,
  };
  if (version.atLeast('2.19')) server.description = DESCRIPTION;
  if (version.atLeast('2.90')) server.hostname = hostname(version);
  if (version.atLeast('2.104')) server.pinned_availability_zone = NAME_OR_NONE;
  return strictObject({ server: strictObject(server) }, ['server']);
}

function buildRebuild(version: Microversion): Schema {
  const rebuild: Record<string, Schema> = {
    name: NAME,
    imageRef: UUID,
    adminPass: ADMIN_PASSWORD,
    metadata: METADATA,
    preserve_ephemeral: BOOLEAN,
    'OS-DCF:diskConfig': DISK_CONFIG,
    accessIPv4: ACCESS_IPV4,
    accessIPv6: ACCESS_IPV6,
  };
  if (version.below('2.57')) rebuild.personality = PERSONALITY;
  if (version.atLeast('2.19')) rebuild.description = DESCRIPTION;
  // null unsets the key pair.
  if (version.atLeast('2.54')) rebuild.key_name = NAME_OR_NONE;
  if (version.atLeast('2.57')) rebuild.user_data = USER_DATA_OR_NULL;
  if (version.atLeast('2.63')) rebuild.trusted_image_certificates = TRUSTED_CERTS;
  if (version.atLeast('2.90')) rebuild.hostname = hostname(version);
  return actionBody('rebuild', strictObject(rebuild, ['imageRef']));
}

const CREATE_GATES = [
  '2.1',
  '2.19',
  '2.32',
  '2.33',
  '2.37',
  '2.42',
  '2.52',
  '2.57',
  '2.63',
  '2.67',
  '2.74',
  '2.90',
  '2.94',
] as const;
const UPDATE_GATES = ['2.1', '2.19', '2.90', '2.94', '2.104'] as const;
const REBUILD_GATES = ['2.1', '2.19', '2.54', '2.57', '2.63', '2.90', '2.94'] as const;

/** The builders, for tests that check every version against its gate. */
export const SERVER_SCHEMA_BUILDERS = {
  create: buildCreate,
  update: buildUpdate,
  rebuild: buildRebuild,
} as const;

/**
 * `POST /servers` (including multiple create and scheduler hints) at a microversion.
 *
 * @example
 * validateBody(createServerSchema(ctx.version), body);
 */
export const createServerSchema: (version: Microversion) => Schema = everyVersion(
  CREATE_GATES,
  buildCreate,
);

/**
 * `PUT /servers/{id}` at a microversion.
 *
 * @example
 * validateBody(updateServerSchema(Microversion.of('2.94')), { server: { hostname: 'a.example' } });
 */
export const updateServerSchema: (version: Microversion) => Schema = everyVersion(
  UPDATE_GATES,
  buildUpdate,
);

/**
 * The whole `{"rebuild": {...}}` action body at a microversion.
 *
 * @example
 * validateBody(rebuildSchema(ctx.version), { rebuild: { imageRef } });
 */
export const rebuildSchema: (version: Microversion) => Schema = everyVersion(
  REBUILD_GATES,
  buildRebuild,
);

const RESIZE: Schema = actionBody(
  'resize',
  strictObject({ flavorRef: FLAVOR_REF, 'OS-DCF:diskConfig': DISK_CONFIG }, ['flavorRef']),
);

/**
 * The whole `{"resize": {...}}` action body; the same at every microversion.
 *
 * @example
 * validateBody(resizeSchema(ctx.version), { resize: { flavorRef: '2' } });
 */
export function resizeSchema(_version: Microversion): Schema {
  return RESIZE;
}
