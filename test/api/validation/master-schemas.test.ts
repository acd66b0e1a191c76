import { describe, expect, it } from 'vitest';
import {
  ACTION_SCHEMAS,
  createServerSchema,
  TAG_SCHEMAS,
  updateServerSchema,
} from '../../../src/api/validation/schemas/index.js';
import { rejection, v } from './helpers.js';

// Where Nova master's schemas (validated with jsonschema 4.26's Draft202012Validator, the
// version openstack/requirements pins) answer differently from Zed's. Each expected text
// was produced by jsonschema 4.26 on Nova master's own schema object.

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const check = (key: string, version: string, value: unknown) =>
  rejection(ACTION_SCHEMAS[key]?.(v(version)), { [key]: value });

const NOVA_BOOLEANS =
  "[True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no']";

describe("parameter_types.boolean is Nova's list, not oslo's", () => {
  it('refuses y, t, n and f, and lists the spellings it takes', () => {
    for (const spelling of ['y', 't', 'n', 'f']) {
      expect(check('evacuate', '2.29', { force: spelling })).toBe(
        `Invalid input for field/attribute force. Value: ${spelling}. '${spelling}' is not one of ${NOVA_BOOLEANS}`,
      );
    }
    expect(check('evacuate', '2.29', { force: 'yes' })).toBeUndefined();
  });

  it('config_drive on create', () => {
    const body = { server: { name: 's', imageRef: IMAGE, flavorRef: '1', config_drive: 't' } };
    expect(rejection(createServerSchema(v('2.1')), body)).toBe(
      `Invalid input for field/attribute config_drive. Value: t. 't' is not one of ${NOVA_BOOLEANS}`,
    );
  });
});

describe('unshelve from 2.91: one object-or-null schema, no oneOf', () => {
  it('names the wrong type', () => {
    expect(check('unshelve', '2.91', 1)).toBe(
      "Invalid input for field/attribute unshelve. Value: 1. 1 is not of type 'object', 'null'",
    );
  });

  it('names the unexpected key', () => {
    expect(check('unshelve', '2.91', { bogus: 1 })).toBe(
      "Invalid input for field/attribute unshelve. Value: {'bogus': 1}. Additional properties are not allowed ('bogus' was unexpected)",
    );
  });

  it('names the field whose type is wrong', () => {
    expect(check('unshelve', '2.91', { availability_zone: 1 })).toBe(
      "Invalid input for field/attribute availability_zone. Value: 1. 1 is not of type 'string', 'null'",
    );
  });
});

describe('addSecurityGroup and removeSecurityGroup have a schema (Nova commit 55f5b175ba)', () => {
  it('needs a name', () => {
    expect(check('addSecurityGroup', '2.1', {})).toBe(
      "Invalid input for field/attribute addSecurityGroup. Value: {}. 'name' is a required property",
    );
  });

  it('needs an object', () => {
    expect(check('removeSecurityGroup', '2.1', null)).toBe(
      "Invalid input for field/attribute removeSecurityGroup. Value: None. None is not of type 'object'",
    );
  });
});

// jsonschema checks a schema's keywords in the order Nova's dict lists them and reports the
// first that fails: parameter_types lists `pattern` (or `format`) before the lengths.
describe("keywords in Nova's order: the pattern or format before the lengths", () => {
  it('hostname (2.90): a pattern mismatch, not too short', () => {
    expect(rejection(updateServerSchema(v('2.90')), { server: { hostname: 'h' } })).toBe(
      "Invalid input for field/attribute hostname. Value: h. 'h' does not match '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$'",
    );
  });

  it('name: the format (leading blank) before the length', () => {
    const body = { server: { name: ` ${'a'.repeat(300)}`, imageRef: IMAGE, flavorRef: '1' } };
    expect(rejection(createServerSchema(v('2.1')), body)).toBe(
      "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.",
    );
  });

  it('tag: the pattern before the length', () => {
    const tag = `a,${'b'.repeat(70)}`;
    expect(rejection(TAG_SCHEMAS.replaceAll(v('2.26')), { tags: [tag] })).toBe(
      `Invalid input for field/attribute 0. Value: ${tag}. '${tag}' does not match '^[^,/]*$'`,
    );
  });
});
