import type { HandlerResult } from '../context.js';
import { NeutronError } from '../errors.js';

/** The API extensions this Neutron really serves: alias, name, description. */
const EXTENSIONS: readonly [string, string, string][] = [
  ['binding', 'Port Binding', 'Expose port bindings of a virtual port to external application'],
  [
    'external-net',
    'Neutron external network',
    'Adds external network attribute to network resource.',
  ],
  [
    'ext-gw-mode',
    'Neutron L3 Configurable external gateway mode',
    'Extension of the router abstraction for specifying whether SNAT should occur on the external gateway',
  ],
  [
    'fip-port-details',
    'Floating IP Port Details Extension',
    'Add port_details attribute to Floating IP resource',
  ],
  ['net-mtu', 'Network MTU', 'Provides MTU attribute for a network resource.'],
  ['pagination', 'Pagination support', 'Extension that indicates that pagination is enabled.'],
  ['port-security', 'Port Security', 'Provides port security'],
  [
    'project-id',
    'project_id field enabled',
    'Extension that indicates that project_id field is enabled.',
  ],
  ['quotas', 'Quota management support', 'Expose functions for quotas management per project'],
  [
    'quota_details',
    'Quota details management support',
    'Expose functions for quotas usage statistics per project',
  ],
  [
    'router',
    'Neutron L3 Router',
    'Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.',
  ],
  ['security-group', 'security-group', 'The security groups extension.'],
  ['sorting', 'Sorting support', 'Extension that indicates that sorting is enabled.'],
  [
    'standard-attr-description',
    'standard-attr-description',
    'Extension to add descriptions to standard attributes',
  ],
  [
    'standard-attr-revisions',
    'Resource revision numbers',
    'This extension will display the revision number of neutron resources.',
  ],
  [
    'standard-attr-timestamp',
    'Resource timestamps',
    'Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.',
  ],
  [
    'stateful-security-group',
    'Stateful security group',
    'Indicates if the security group is stateful or not',
  ],
];

function extension([alias, name, description]: readonly [string, string, string]) {
  return { alias, name, description, links: [], updated: '2013-01-01T10:00:00-00:00' };
}

export function listExtensions(): HandlerResult {
  return { status: 200, body: { extensions: EXTENSIONS.map(extension) } };
}

export function showExtension(alias: string): HandlerResult {
  const found = EXTENSIONS.find(([a]) => a === alias);
  if (!found) {
    throw NeutronError.notFound('HTTPNotFound', `Extension with alias ${alias} does not exist`);
  }
  return { status: 200, body: { extension: extension(found) } };
}

/** The aliases, for tests and the README. */
export const EXTENSION_ALIASES: readonly string[] = EXTENSIONS.map(([alias]) => alias);
