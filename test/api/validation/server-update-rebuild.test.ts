import { describe, expect, it } from 'vitest';
import {
  rebuildSchema,
  resizeSchema,
  updateServerSchema,
} from '../../../src/api/validation/schemas/index.js';
import { SERVER_SCHEMA_BUILDERS } from '../../../src/api/validation/schemas/servers.js';
import { allVersions, NAME_MESSAGE, rejection, v } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('updateServerSchema', () => {
  it('each version gets the schema its gate builds', () => {
    for (const version of allVersions()) {
      expect(updateServerSchema(version), `${version}`).toEqual(
        SERVER_SCHEMA_BUILDERS.update(version),
      );
    }
  });

  it('adds description at 2.19, hostname at 2.90 (FQDN at 2.94), pinned_availability_zone at 2.104', () => {
    const at = (version: string, server: Record<string, unknown>) =>
      rejection(updateServerSchema(v(version)), { server });
    expect(at('2.1', {})).toBeUndefined();
    expect(at('2.1', { name: ' x' })).toBe(NAME_MESSAGE);
    expect(at('2.18', { description: 'd' })).toBeDefined();
    expect(at('2.19', { description: 'd' })).toBeUndefined();
    expect(at('2.89', { hostname: 'h1' })).toBeDefined();
    expect(at('2.90', { hostname: 'h1' })).toBeUndefined();
    expect(at('2.93', { hostname: 'h1.example' })).toBeDefined();
    expect(at('2.94', { hostname: 'h1.example' })).toBeUndefined();
    expect(at('2.103', { pinned_availability_zone: null })).toBeDefined();
    expect(at('2.104', { pinned_availability_zone: null })).toBeUndefined();
    expect(at('2.104', { pinned_availability_zone: 'az1' })).toBeUndefined();
    expect(rejection(updateServerSchema(v('2.1')), {})).toBe("'server' is a required property");
  });
});

describe('rebuildSchema', () => {
  it('each version gets the schema its gate builds', () => {
    for (const version of allVersions()) {
      expect(rebuildSchema(version), `${version}`).toEqual(SERVER_SCHEMA_BUILDERS.rebuild(version));
    }
  });

  it('requires a uuid imageRef and follows the versions of its optional fields', () => {
    const at = (version: string, rebuild: Record<string, unknown>) =>
      rejection(rebuildSchema(v(version)), { rebuild: { imageRef: IMAGE, ...rebuild } });
    expect(rejection(rebuildSchema(v('2.1')), { rebuild: {} })).toMatch(
      /'imageRef' is a required property$/,
    );
    expect(rejection(rebuildSchema(v('2.1')), { rebuild: { imageRef: '' } })).toMatch(/uuid/);
    expect(at('2.1', { preserve_ephemeral: 'true' })).toBeUndefined();
    expect(at('2.53', { key_name: null })).toBeDefined();
    expect(at('2.54', { key_name: null })).toBeUndefined();
    expect(at('2.56', { personality: [] })).toBeUndefined();
    expect(at('2.57', { personality: [] })).toBeDefined();
    expect(at('2.56', { user_data: null })).toBeDefined();
    expect(at('2.57', { user_data: null })).toBeUndefined();
    expect(at('2.57', { user_data: 'abcde' })).toMatch(/is not a 'base64'$/);
    expect(at('2.63', { trusted_image_certificates: null })).toBeUndefined();
    expect(at('2.90', { hostname: 'h.example' })).toBeDefined();
    expect(at('2.94', { hostname: 'h.example' })).toBeUndefined();
  });
});

describe('resizeSchema', () => {
  it('requires flavorRef', () => {
    expect(rejection(resizeSchema(v('2.1')), { resize: { flavorRef: 2 } })).toBeUndefined();
    expect(rejection(resizeSchema(v('2.1')), { resize: {} })).toMatch(
      /^Invalid input for field\/attribute resize\. .*'flavorRef' is a required property$/,
    );
    expect(rejection(resizeSchema(v('2.1')), { resize: { flavorRef: '2', foo: 1 } })).toMatch(
      /\('foo' was unexpected\)$/,
    );
  });
});
