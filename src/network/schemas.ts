import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { NeutronError } from './errors.js';

// Request bodies as JSON Schemas, checked with ajv as Nova's are. Neutron's own validators
// (neutron_lib.api.validators) answer "Invalid input for <attr>. Reason: <why>."; the
// reasons here follow theirs for the common cases.

export type Schema = Record<string, unknown>;

const ajv = new Ajv({ allErrors: false, strict: false });
const compiled = new WeakMap<Schema, ValidateFunction>();

const text = (maxLength = 255): Schema => ({ type: 'string', maxLength });
const bool: Schema = {
  type: ['boolean', 'string'],
  pattern: '^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$',
};
const uuid: Schema = { type: 'string' };
const nullableText: Schema = { type: ['string', 'null'] };

const standardAttrs = { description: text(255), tenant_id: text(), project_id: text() };

export const NETWORK_SCHEMA: Schema = {
  type: 'object',
  properties: {
    name: text(),
    admin_state_up: bool,
    shared: bool,
    'router:external': bool,
    mtu: { type: 'integer', minimum: 68 },
    port_security_enabled: bool,
    availability_zone_hints: { type: 'array' },
    ...standardAttrs,
  },
};

export const SUBNET_SCHEMA: Schema = {
  type: 'object',
  properties: {
    name: text(),
    network_id: uuid,
    ip_version: { type: ['integer', 'string'], enum: [4, 6, '4', '6'] },
    cidr: nullableText,
    gateway_ip: nullableText,
    allocation_pools: {
      type: 'array',
      items: {
        type: 'object',
        properties: { start: { type: 'string' }, end: { type: 'string' } },
        required: ['start', 'end'],
      },
    },
    enable_dhcp: bool,
    dns_nameservers: { type: 'array', items: { type: 'string' } },
    // Checked by validateSubnetOptions, with neutron_lib's messages.
    host_routes: {},
    ipv6_ra_mode: { enum: ['slaac', 'dhcpv6-stateful', 'dhcpv6-stateless', null] },
    ipv6_address_mode: { enum: ['slaac', 'dhcpv6-stateful', 'dhcpv6-stateless', null] },
    subnetpool_id: { type: 'null' },
    use_default_subnetpool: { const: false },
    service_types: { type: 'array', maxItems: 0 },
    ...standardAttrs,
  },
};

export const PORT_SCHEMA: Schema = {
  type: 'object',
  properties: {
    name: text(),
    network_id: uuid,
    admin_state_up: bool,
    mac_address: { type: 'string', pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$' },
    fixed_ips: {
      type: 'array',
      items: {
        type: 'object',
        properties: { subnet_id: { type: 'string' }, ip_address: { type: 'string' } },
        additionalProperties: false,
      },
    },
    device_id: text(),
    device_owner: text(),
    security_groups: { type: 'array', items: { type: 'string' } },
    port_security_enabled: bool,
    'binding:host_id': text(),
    'binding:vnic_type': { enum: ['normal', 'direct', 'macvtap', 'baremetal', 'direct-physical'] },
    'binding:profile': { type: 'object' },
    allowed_address_pairs: { type: 'array', maxItems: 0 },
    ...standardAttrs,
  },
};

export const SECURITY_GROUP_SCHEMA: Schema = {
  type: 'object',
  properties: { name: text(), stateful: bool, ...standardAttrs },
};

export const RULE_SCHEMA: Schema = {
  type: 'object',
  properties: {
    security_group_id: uuid,
    direction: { enum: ['ingress', 'egress'] },
    ethertype: { enum: ['IPv4', 'IPv6', 'ipv4', 'ipv6'] },
    protocol: { type: ['string', 'integer', 'null'] },
    port_range_min: { type: ['integer', 'string', 'null'] },
    port_range_max: { type: ['integer', 'string', 'null'] },
    remote_ip_prefix: nullableText,
    remote_group_id: nullableText,
    remote_address_group_id: { type: 'null' },
    ...standardAttrs,
  },
  required: ['security_group_id', 'direction'],
};

export const FLOATING_IP_SCHEMA: Schema = {
  type: 'object',
  properties: {
    floating_network_id: uuid,
    floating_ip_address: { type: 'string' },
    subnet_id: nullableText,
    port_id: nullableText,
    fixed_ip_address: nullableText,
    dns_domain: text(),
    dns_name: text(),
    qos_policy_id: { type: 'null' },
    ...standardAttrs,
  },
};

export const ROUTER_SCHEMA: Schema = {
  type: 'object',
  properties: {
    name: text(),
    admin_state_up: bool,
    external_gateway_info: {
      type: ['object', 'null'],
      properties: {
        network_id: { type: 'string' },
        enable_snat: bool,
        external_fixed_ips: { type: 'array' },
      },
    },
    distributed: { const: false },
    ha: { const: false },
    availability_zone_hints: { type: 'array' },
    ...standardAttrs,
  },
};

export const INTERFACE_SCHEMA: Schema = {
  type: 'object',
  properties: { subnet_id: { type: 'string' }, port_id: { type: 'string' } },
};

export const QUOTA_SCHEMA: Schema = {
  type: 'object',
  additionalProperties: { type: ['integer', 'string'], pattern: '^-?\\d+$' },
};

function compile(schema: Schema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

function reason(error: ErrorObject, value: unknown): string {
  const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  switch (error.keyword) {
    case 'maxLength':
      return `'${String(value)}' exceeds maximum length of ${String(error.params.limit)}`;
    case 'enum':
    case 'const':
      return `${shown} is not in ${JSON.stringify(error.params.allowedValues ?? [error.params.allowedValue])}`;
    case 'pattern':
      if (typeof value === 'string' && /^(?:true|false)$/i.test(value) === false)
        return `'${value}' cannot be converted to boolean`;
      return `${shown} is not valid`;
    case 'required':
      return `${String(error.params.missingProperty)} is required`;
    case 'minimum':
      return `${shown} is too small - must be at least '${String(error.params.limit)}'`;
    default:
      return `${shown} is not a valid ${String(error.params.type ?? 'value')}`;
  }
}

/**
 * Checks the member of a body (`body.network`, …) against a schema; throws Neutron's 400.
 *
 * @example
 * checkBody(NETWORK_SCHEMA, { name: 7 }); // throws "Invalid input for name. Reason: ..."
 */
export function checkBody(schema: Schema, member: Record<string, unknown>): void {
  const fn = compile(schema);
  if (fn(member)) return;
  const error = fn.errors?.[0];
  if (!error) throw NeutronError.badRequest('HTTPBadRequest', 'Invalid input');
  const path = error.instancePath.split('/').filter((p) => p !== '');
  const attr = path[0] ?? String(error.params.missingProperty ?? '');
  let value: unknown = member;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  if (error.keyword === 'required') {
    throw NeutronError.badRequest(
      'HTTPBadRequest',
      `Failed to parse request. Required attribute '${attr}' not specified`,
    );
  }
  throw NeutronError.badRequest(
    'HTTPBadRequest',
    `Invalid input for ${attr}. Reason: ${reason(error, value)}.`,
  );
}

/** Neutron's `convert_to_boolean`, for values the schema already let through. */
export function toBool(value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  return String(value).toLowerCase() === 'true';
}
