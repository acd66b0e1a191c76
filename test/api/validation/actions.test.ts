import { describe, expect, it } from 'vitest';
import { ACTION_SCHEMAS } from '../../../src/api/validation/schemas/index.js';
import { allVersions, rejection, v } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

const schema = (key: string, version: string) => ACTION_SCHEMAS[key]?.(v(version));
const check = (key: string, version: string, value: unknown) =>
  rejection(schema(key, version), { [key]: value });

describe('ACTION_SCHEMAS', () => {
  it('returns the same object for a version every time', () => {
    for (const [key, schemaFor] of Object.entries(ACTION_SCHEMAS)) {
      for (const version of allVersions()) {
        expect(schemaFor(version), `${key} at ${version}`).toBe(schemaFor(version));
      }
    }
  });

  it('validates the whole body: other top-level keys are refused', () => {
    expect(rejection(schema('pause', '2.1'), { pause: null, resume: null })).toBe(
      "Additional properties are not allowed ('resume' was unexpected)",
    );
  });

  it('takes any value for the actions Nova never constrained', () => {
    for (const key of [
      'pause',
      'unpause',
      'suspend',
      'resume',
      'os-start',
      'os-stop',
      'unrescue',
    ]) {
      for (const value of [null, {}, { x: 1 }])
        expect(check(key, '2.1', value), key).toBeUndefined();
    }
    for (const key of ['shelve', 'shelveOffload', 'confirmResize', 'revertResize', 'restore']) {
      expect(check(key, '2.100', null), key).toBeUndefined();
    }
    expect(check('forceDelete', '2.1', null)).toBeUndefined();
    expect(check('injectNetworkInfo', '2.1', null)).toBeUndefined();
  });

  it('allows only Nova’s six spellings of the reboot type', () => {
    expect(check('reboot', '2.1', { type: 'SOFT' })).toBeUndefined();
    expect(check('reboot', '2.1', { type: 'hard' })).toBeUndefined();
    // Nova prints the value with %s (FOO); validate.ts currently prints its repr ('FOO').
    expect(check('reboot', '2.1', { type: 'FOO' })).toMatch(
      /^Invalid input for field\/attribute type\. Value: '?FOO'?\. 'FOO' is not one of \['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft'\]$/,
    );
    expect(check('reboot', '2.1', {})).toMatch(/'type' is a required property$/);
    expect(check('reboot', '2.1', null)).toMatch(/None is not of type 'object'$/);
  });

  it('has trigger_crash_dump from 2.17 only, with a null value', () => {
    expect(schema('trigger_crash_dump', '2.16')).toBeUndefined();
    expect(check('trigger_crash_dump', '2.17', null)).toBeUndefined();
    expect(check('trigger_crash_dump', '2.17', {})).toMatch(/is not of type 'null'$/);
  });

  it('has the floating IP proxies only before 2.44', () => {
    expect(check('addFloatingIp', '2.43', { address: '10.0.0.1' })).toBeUndefined();
    expect(check('addFloatingIp', '2.43', { address: 'nowhere' })).toBeDefined();
    expect(schema('addFloatingIp', '2.44')).toBeUndefined();
    expect(schema('removeFloatingIp', '2.44')).toBeUndefined();
  });

  it('takes a locked_reason from 2.73', () => {
    expect(check('lock', '2.72', { locked_reason: 'x' })).toBeUndefined();
    expect(check('lock', '2.73', null)).toBeUndefined();
    expect(check('lock', '2.73', { locked_reason: 'maintenance' })).toBeUndefined();
    expect(check('lock', '2.73', { locked_reason: '' })).toMatch(/should be non-empty$/);
    expect(check('lock', '2.73', { locked_reason: 'x'.repeat(256) })).toMatch(/is too long$/);
    expect(check('lock', '2.73', { reason: 'x' })).toMatch(/\('reason' was unexpected\)$/);
  });

  it('versions unshelve: anything, then 2.77 zone required, then 2.91 zone/host/null', () => {
    expect(check('unshelve', '2.76', { availability_zone: 1 })).toBeUndefined();
    expect(check('unshelve', '2.77', null)).toBeUndefined();
    expect(check('unshelve', '2.77', {})).toMatch(/'availability_zone' is a required property$/);
    expect(check('unshelve', '2.77', { availability_zone: 'az1' })).toBeUndefined();
    expect(check('unshelve', '2.77', { availability_zone: null })).toBeDefined();
    expect(check('unshelve', '2.77', { availability_zone: 'az1', host: 'h' })).toBeDefined();
    expect(check('unshelve', '2.91', { availability_zone: null, host: 'h' })).toBeUndefined();
    expect(check('unshelve', '2.91', { host: 'h' })).toBeUndefined();
    expect(check('unshelve', '2.91', { foo: 'h' })).toBeDefined();
  });

  it('takes a migrate host from 2.56', () => {
    expect(check('migrate', '2.1', null)).toBeUndefined();
    expect(check('migrate', '2.56', null)).toBeUndefined();
    expect(check('migrate', '2.56', { host: 'host1' })).toBeUndefined();
    expect(check('migrate', '2.56', { host: null })).toBeUndefined();
    expect(check('migrate', '2.56', { host: 'bad host' })).toMatch(/does not match/);
    expect(check('migrate', '2.56', { hots: 'h' })).toMatch(/\('hots' was unexpected\)$/);
  });

  it('versions os-migrateLive: 2.25 auto and no disk_over_commit, 2.30 force, 2.68 no force', () => {
    const base = { host: null, block_migration: false };
    expect(check('os-migrateLive', '2.1', base)).toMatch(
      /'disk_over_commit' is a required property$/,
    );
    expect(check('os-migrateLive', '2.1', { ...base, disk_over_commit: 'False' })).toBeUndefined();
    expect(
      check('os-migrateLive', '2.1', { ...base, block_migration: 'auto', disk_over_commit: false }),
    ).toBeDefined();
    expect(check('os-migrateLive', '2.25', { ...base, block_migration: 'auto' })).toBeUndefined();
    expect(check('os-migrateLive', '2.25', { ...base, disk_over_commit: false })).toBeDefined();
    expect(check('os-migrateLive', '2.25', { block_migration: 'auto' })).toMatch(
      /'host' is a required property$/,
    );
    expect(check('os-migrateLive', '2.29', { ...base, force: true })).toBeDefined();
    expect(check('os-migrateLive', '2.30', { ...base, force: true })).toBeUndefined();
    expect(check('os-migrateLive', '2.67', { ...base, force: 'yes' })).toBeUndefined();
    expect(check('os-migrateLive', '2.68', { ...base, force: true })).toMatch(
      /\('force' was unexpected\)$/,
    );
  });

  it('versions evacuate: onSharedStorage required until 2.13, force only 2.29–2.67', () => {
    expect(check('evacuate', '2.13', { adminPass: 'p' })).toMatch(
      /'onSharedStorage' is a required property$/,
    );
    expect(check('evacuate', '2.13', { onSharedStorage: 'False' })).toBeUndefined();
    expect(check('evacuate', '2.14', { onSharedStorage: false })).toBeDefined();
    expect(check('evacuate', '2.14', {})).toBeUndefined();
    expect(check('evacuate', '2.28', { force: true })).toBeDefined();
    expect(check('evacuate', '2.29', { host: 'h', force: true })).toBeUndefined();
    expect(check('evacuate', '2.68', { host: 'h', force: true })).toBeDefined();
    expect(check('evacuate', '2.95', { host: 'h', adminPass: 'p' })).toBeUndefined();
    expect(check('evacuate', '2.95', { host: 'bad host' })).toMatch(/does not match/);
  });

  it('checks rescue, changePassword, os-resetState, createImage and createBackup', () => {
    expect(check('rescue', '2.1', null)).toBeUndefined();
    expect(check('rescue', '2.1', { rescue_image_ref: IMAGE })).toBeUndefined();
    expect(check('rescue', '2.1', { rescue_image_ref: 'cirros' })).toMatch(/is not a 'uuid'$/);
    expect(check('changePassword', '2.1', { adminPass: 'pw' })).toBeUndefined();
    expect(check('changePassword', '2.1', {})).toMatch(/'adminPass' is a required property$/);
    expect(check('os-resetState', '2.1', { state: 'error' })).toBeUndefined();
    expect(check('os-resetState', '2.1', { state: 'stopped' })).toMatch(
      /is not one of \['active', 'error'\]$/,
    );
    expect(check('createImage', '2.1', { name: 'snap' })).toBeUndefined();
    expect(check('createImage', '2.1', { name: ' snap' })).toMatch(/^An invalid 'name' value/);
    expect(check('createImage', '2.1', { name: 'snap', metadata: { 'a/b': 'c' } })).toBeDefined();
    const backup = { name: 'b', backup_type: 'daily', rotation: 0 };
    expect(check('createBackup', '2.1', backup)).toBeUndefined();
    expect(check('createBackup', '2.1', { ...backup, rotation: '2' })).toBeUndefined();
    expect(check('createBackup', '2.1', { ...backup, rotation: -1 })).toMatch(
      /less than the minimum of 0$/,
    );
    expect(check('createBackup', '2.1', { name: 'b', backup_type: 'daily' })).toMatch(
      /'rotation' is a required property$/,
    );
  });

  it('routes rebuild and resize to the server schemas', () => {
    expect(check('rebuild', '2.1', { imageRef: IMAGE })).toBeUndefined();
    expect(check('resize', '2.1', { flavorRef: '2' })).toBeUndefined();
    expect(check('resize', '2.1', { flavorRef: '' })).toMatch(/should be non-empty$/);
  });

  it('keeps resetNetwork (Nova answers 410 Gone) under its real key', () => {
    expect(check('resetNetwork', '2.1', null)).toBeUndefined();
    expect(ACTION_SCHEMAS['os-resetNetwork']).toBeUndefined();
  });
});
