import type { Microversion } from '../../microversion.js';
import type { Schema } from '../validate.js';
import { CONSOLE_ACTION_SCHEMAS } from './consoles.js';
import { MULTINIC_ACTION_SCHEMAS } from './multinic.js';
import {
  ADMIN_PASSWORD,
  ANY,
  BOOLEAN,
  FQDN,
  IP_ADDRESS,
  METADATA,
  NAME,
  NON_NEGATIVE_INTEGER,
  UUID,
} from './parameter-types.js';
import { rebuildSchema, resizeSchema } from './servers.js';
import {
  actionBody,
  byVersion,
  type Gate,
  strictObject,
  type VersionedSchema,
} from './versioned.js';

// Bodies of POST /servers/{id}/action, from nova/api/openstack/compute/schemas/{servers,
// rescue,shelve,evacuate,migrate_server,lock_server,admin_actions,admin_password,create_backup,
// deferred_delete,pause_server,suspend_server,floating_ips}.py and the controllers' ranges.

/** Actions whose value Nova has never constrained: `{"pause": null}`, `{"pause": {}}`, ... */
function anyValue(key: string): Schema {
  return actionBody(key, ANY);
}

const always = (schema: Schema): VersionedSchema => byVersion([['2.1', schema]]);

const REBOOT = actionBody(
  'reboot',
  strictObject(
    { type: { type: 'string', enum: ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft'] } },
    ['type'],
  ),
);

const RESCUE = actionBody('rescue', {
  type: ['object', 'null'],
  properties: { adminPass: ADMIN_PASSWORD, rescue_image_ref: UUID },
  additionalProperties: false,
});

const LOCK_V273 = actionBody('lock', {
  type: ['object', 'null'],
  properties: { locked_reason: { type: 'string', minLength: 1, maxLength: 255 } },
  additionalProperties: false,
});

const SECURITY_GROUP = (key: string) =>
  actionBody(key, strictObject({ name: { type: 'string', minLength: 1 } }, ['name']));

const CHANGE_PASSWORD = actionBody(
  'changePassword',
  strictObject({ adminPass: ADMIN_PASSWORD }, ['adminPass']),
);

// 2.77–2.90: null, or an object that must name the zone ({} is refused).
const UNSHELVE_V277 = actionBody('unshelve', {
  type: ['object', 'null'],
  properties: { availability_zone: NAME },
  required: ['availability_zone'],
  additionalProperties: false,
});

// 2.91+: a null zone unpins the server; host is admin-only (policy, not schema). Master
// flattened Zed's oneOf (Nova commit 678bc4ae6e), so errors name the field that fails.
const UNSHELVE_V291 = actionBody('unshelve', {
  type: ['object', 'null'],
  properties: {
    availability_zone: { type: ['string', 'null'] },
    host: { type: 'string' },
  },
  additionalProperties: false,
});

const MIGRATION_HOST: Schema = { ...FQDN, type: ['string', 'null'] };

const MIGRATE_V256 = actionBody('migrate', {
  type: ['object', 'null'],
  properties: { host: MIGRATION_HOST },
  additionalProperties: false,
});

const BLOCK_MIGRATION: Schema = {
  ...BOOLEAN,
  enum: [...(BOOLEAN.enum as readonly unknown[]), 'auto'],
};

const LIVE_MIGRATE = actionBody(
  'os-migrateLive',
  strictObject({ block_migration: BOOLEAN, disk_over_commit: BOOLEAN, host: MIGRATION_HOST }, [
    'block_migration',
    'disk_over_commit',
    'host',
  ]),
);
// 2.25 drops disk_over_commit and adds 'auto'; 2.68 takes back the `force` of 2.30.
const LIVE_MIGRATE_V225 = actionBody(
  'os-migrateLive',
  strictObject({ block_migration: BLOCK_MIGRATION, host: MIGRATION_HOST }, [
    'block_migration',
    'host',
  ]),
);
const LIVE_MIGRATE_V230 = actionBody(
  'os-migrateLive',
  strictObject({ block_migration: BLOCK_MIGRATION, host: MIGRATION_HOST, force: BOOLEAN }, [
    'block_migration',
    'host',
  ]),
);

const EVACUATE = actionBody(
  'evacuate',
  strictObject({ host: FQDN, onSharedStorage: BOOLEAN, adminPass: ADMIN_PASSWORD }, [
    'onSharedStorage',
  ]),
);
// 2.14 detects shared storage itself; 2.29 adds force, 2.68 removes it. 2.95 changes only the
// outcome (the server ends stopped), not the body.
const EVACUATE_V214 = actionBody(
  'evacuate',
  strictObject({ host: FQDN, adminPass: ADMIN_PASSWORD }),
);
const EVACUATE_V229 = actionBody(
  'evacuate',
  strictObject({ host: FQDN, adminPass: ADMIN_PASSWORD, force: BOOLEAN }),
);

const RESET_STATE = actionBody(
  'os-resetState',
  strictObject({ state: { type: 'string', enum: ['active', 'error'] } }, ['state']),
);

const CREATE_IMAGE = actionBody(
  'createImage',
  strictObject({ name: NAME, metadata: METADATA }, ['name']),
);

const CREATE_BACKUP = actionBody(
  'createBackup',
  strictObject(
    {
      name: NAME,
      backup_type: { type: 'string' },
      rotation: NON_NEGATIVE_INTEGER,
      metadata: METADATA,
    },
    ['name', 'backup_type', 'rotation'],
  ),
);

const TRIGGER_CRASH_DUMP = actionBody('trigger_crash_dump', { type: 'null' });

const ADD_FLOATING_IP = actionBody(
  'addFloatingIp',
  strictObject({ address: IP_ADDRESS, fixed_address: IP_ADDRESS }, ['address']),
);
const REMOVE_FLOATING_IP = actionBody(
  'removeFloatingIp',
  strictObject({ address: IP_ADDRESS }, ['address']),
);

/** The floating-IP proxy actions went away with the network proxies at 2.44. */
const UNTIL_244 = (schema: Schema): readonly Gate[] => [
  ['2.1', schema],
  ['2.44', undefined],
];

/**
 * Request-body schema of each server action by its body key, per microversion; undefined
 * where the action does not exist at that version (Nova answers 404). Each schema covers the
 * whole body, e.g. `{"reboot": {"type": "HARD"}}`.
 *
 * @example
 * const schema = ACTION_SCHEMAS['trigger_crash_dump']?.(ctx.version);
 * if (schema) validateBody(schema, body);
 */
export const ACTION_SCHEMAS: Record<string, (version: Microversion) => Schema | undefined> = {
  reboot: always(REBOOT),
  rebuild: rebuildSchema,
  resize: resizeSchema,
  confirmResize: always(anyValue('confirmResize')),
  revertResize: always(anyValue('revertResize')),
  'os-start': always(anyValue('os-start')),
  'os-stop': always(anyValue('os-stop')),
  pause: always(anyValue('pause')),
  unpause: always(anyValue('unpause')),
  suspend: always(anyValue('suspend')),
  resume: always(anyValue('resume')),
  rescue: always(RESCUE),
  unrescue: always(anyValue('unrescue')),
  lock: byVersion([
    ['2.1', anyValue('lock')],
    ['2.73', LOCK_V273],
  ]),
  unlock: always(anyValue('unlock')),
  changePassword: always(CHANGE_PASSWORD),
  shelve: always(anyValue('shelve')),
  shelveOffload: always(anyValue('shelveOffload')),
  unshelve: byVersion([
    ['2.1', anyValue('unshelve')],
    ['2.77', UNSHELVE_V277],
    ['2.91', UNSHELVE_V291],
  ]),
  migrate: byVersion([
    ['2.1', anyValue('migrate')],
    ['2.56', MIGRATE_V256],
  ]),
  'os-migrateLive': byVersion([
    ['2.1', LIVE_MIGRATE],
    ['2.25', LIVE_MIGRATE_V225],
    ['2.30', LIVE_MIGRATE_V230],
    ['2.68', LIVE_MIGRATE_V225],
  ]),
  evacuate: byVersion([
    ['2.1', EVACUATE],
    ['2.14', EVACUATE_V214],
    ['2.29', EVACUATE_V229],
    ['2.68', EVACUATE_V214],
  ]),
  restore: always(anyValue('restore')),
  forceDelete: always(anyValue('forceDelete')),
  'os-resetState': always(RESET_STATE),
  injectNetworkInfo: always(anyValue('injectNetworkInfo')),
  // Removed in Wallaby: Nova still routes it, accepts any body and answers 410 Gone.
  resetNetwork: always(ANY),
  createImage: always(CREATE_IMAGE),
  createBackup: always(CREATE_BACKUP),
  trigger_crash_dump: byVersion([['2.17', TRIGGER_CRASH_DUMP]]),
  // Master validates these since Nova commit 55f5b175ba (2025); the controller's own
  // parse is left with the blank name (`Security group name cannot be empty`).
  addSecurityGroup: always(SECURITY_GROUP('addSecurityGroup')),
  removeSecurityGroup: always(SECURITY_GROUP('removeSecurityGroup')),
  addFloatingIp: byVersion(UNTIL_244(ADD_FLOATING_IP)),
  removeFloatingIp: byVersion(UNTIL_244(REMOVE_FLOATING_IP)),
  ...CONSOLE_ACTION_SCHEMAS,
  ...MULTINIC_ACTION_SCHEMAS,
};
