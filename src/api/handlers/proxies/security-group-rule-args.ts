import { NovaError } from '../../../errors/nova-error.js';
import { parseCidr } from '../../../network/ip.js';
import type { NovaGroup } from './security-group-format.js';

// nova/network/security_group_api.py: parse_cidr, _new_ingress_rule, _rule_exists and the
// Neutron body of a new rule. Nova checks these itself before it asks Neutron.

/** The rule Nova builds from the request (its `values` dict). */
export interface NewRule {
  readonly groupId?: string;
  readonly cidr?: string;
  readonly protocol?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
}

/** Python's `str()` of a JSON value, for messages. */
function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Python's `int(value)`: integers, integral strings (signs and blanks allowed), floats truncated. */
function pyInt(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value.trim());
  return undefined;
}

/** oslo `netutils.is_valid_cidr`: an address with a non-empty prefix length. */
function isValidCidr(text: string): boolean {
  const slash = text.split('/');
  if (slash.length !== 2 || slash[1] === '') return false;
  return parseCidr(text) !== undefined;
}

/** `parse_cidr`: none means anywhere (`0.0.0.0/0`); anything else must be a valid network. */
export function parseRuleCidr(value: unknown): string {
  if (value === undefined || value === null || value === '' || value === false || value === 0)
    return '0.0.0.0/0';
  let text: string;
  try {
    text = typeof value === 'string' ? decodeURIComponent(value) : '';
  } catch {
    text = '';
  }
  if (typeof value !== 'string' || !isValidCidr(text)) {
    throw NovaError.badRequest(`${pyStr(value)} is not a valid IP network.`);
  }
  return text;
}

function portRange(from: number, to: number, msg: string): NovaError {
  return NovaError.badRequest(`Invalid port range ${from}:${to}. ${msg}`);
}

/**
 * `_new_ingress_rule`: a rule from a source group or a CIDR; `undefined` when a CIDR rule
 * lacks its protocol or ports (the API's "Not enough parameters" 400).
 */
export function newIngressRule(
  protocolIn: unknown,
  fromIn: unknown,
  toIn: unknown,
  source: { readonly groupId?: string; readonly cidr?: string },
): NewRule | undefined {
  let fromPort = fromIn ?? null;
  let toPort = toIn ?? null;
  const values: { -readonly [K in keyof NewRule]: NewRule[K] } = {};
  if (source.groupId) {
    values.groupId = source.groupId;
    // Python's truthiness: an empty or absent protocol opens nothing by default.
    const upper = protocolIn ? pyStr(protocolIn).toUpperCase() : '';
    if (upper === 'ICMP' && fromPort === null && toPort === null) {
      fromPort = -1;
      toPort = -1;
    } else if ((upper === 'TCP' || upper === 'UDP') && fromPort === null && toPort === null) {
      fromPort = 1;
      toPort = 65535;
    }
  } else if (source.cidr) {
    values.cidr = source.cidr;
  }
  if (protocolIn && fromPort !== null && toPort !== null) {
    const protocol = pyStr(protocolIn);
    const upper = protocol.toUpperCase();
    const from = pyInt(fromPort);
    const to = pyInt(toPort);
    if (from === undefined || to === undefined) {
      throw NovaError.badRequest(
        upper === 'ICMP'
          ? 'Invalid input received: Type and Code must be integers for ICMP protocol type'
          : 'Invalid input received: To and From ports must be integers',
      );
    }
    if (!['TCP', 'UDP', 'ICMP'].includes(upper)) {
      throw NovaError.badRequest(`Invalid IP protocol ${protocol}.`);
    }
    const tcpUdp = upper === 'TCP' || upper === 'UDP';
    if (tcpUdp && from > to)
      throw portRange(from, to, 'Former value cannot be greater than the later');
    if (tcpUdp && (from < 1 || to > 65535))
      throw portRange(from, to, `Valid ${upper} ports should be between 1-65535`);
    if (upper === 'ICMP' && (from < -1 || from > 255 || to < -1 || to > 255))
      throw portRange(from, to, 'For ICMP, the type:code must be valid');
    values.protocol = protocol;
    values.fromPort = from;
    values.toPort = to;
  } else if (source.cidr) {
    return undefined;
  }
  return values;
}

/** `_rule_exists`: the same group, CIDR, ports and protocol already on the group. */
export function ruleExists(group: NovaGroup, rule: NewRule): boolean {
  return group.rules.some(
    (r) =>
      r.groupId === (rule.groupId ?? null) &&
      r.cidr === (rule.cidr ?? null) &&
      r.fromPort === (rule.fromPort ?? null) &&
      r.toPort === (rule.toPort ?? null) &&
      r.protocol === (rule.protocol ?? null),
  );
}

/** `_make_neutron_security_group_rules_list` for one rule. */
export function neutronRuleBody(parentId: string, rule: NewRule): Record<string, unknown> {
  const ipv6 = rule.cidr !== undefined && parseCidr(rule.cidr)?.version === 6;
  return {
    direction: 'ingress',
    protocol: rule.protocol ?? null,
    ethertype: ipv6 ? 'IPv6' : 'IPv4',
    remote_ip_prefix: rule.cidr ?? null,
    security_group_id: parentId,
    remote_group_id: rule.groupId ?? null,
    ...(rule.fromPort !== undefined && rule.fromPort !== -1
      ? { port_range_min: rule.fromPort }
      : {}),
    ...(rule.toPort !== undefined && rule.toPort !== -1 ? { port_range_max: rule.toPort } : {}),
  };
}
