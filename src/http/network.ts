import type { Cloud } from '../cloud.js';
import type { Identity } from './identity/identity.js';
import {
  type Doc,
  networkDoc,
  networksOf,
  portDocs,
  securityGroupDocs,
  subnetDoc,
  type View,
} from './network-views.js';
import { json, neutronError, queryValues, unauthorized } from './responses.js';
import type { Endpoints, HttpRequest, HttpResponse, Service } from './types.js';

/** Query names Neutron reads itself; the others filter on a field of the same name. */
const RESERVED = new Set(['fields', 'limit', 'marker', 'sort_key', 'sort_dir', 'page_reverse']);

interface Collection {
  /** Singular, as in `{ network: ... }` and `NetworkNotFound`. */
  readonly member: string;
  readonly notFound: (id: string) => [type: string, message: string];
  readonly list: (view: View) => Doc[];
}

const COLLECTIONS: Readonly<Record<string, Collection>> = {
  networks: {
    member: 'network',
    notFound: (id) => ['NetworkNotFound', `Network ${id} could not be found.`],
    list: (view) => networksOf(view).map((n) => networkDoc(n, view)),
  },
  subnets: {
    member: 'subnet',
    notFound: (id) => ['SubnetNotFound', `Subnet ${id} could not be found.`],
    list: (view) => networksOf(view).map((n) => subnetDoc(n, view)),
  },
  ports: {
    member: 'port',
    notFound: (id) => ['PortNotFound', `Port ${id} could not be found.`],
    list: portDocs,
  },
  'security-groups': {
    member: 'security_group',
    notFound: (id) => ['SecurityGroupNotFound', `Security group ${id} does not exist`],
    list: securityGroupDocs,
  },
  'security-group-rules': {
    member: 'security_group_rule',
    notFound: (id) => ['SecurityGroupRuleNotFound', `Security group rule ${id} does not exist`],
    list: (view) => securityGroupDocs(view).flatMap((g) => g.security_group_rules as Doc[]),
  },
  routers: {
    member: 'router',
    notFound: (id) => ['RouterNotFound', `Router ${id} could not be found`],
    list: () => [],
  },
  floatingips: {
    member: 'floatingip',
    notFound: (id) => ['FloatingIPNotFound', `Floating IP ${id} could not be found`],
    list: () => [],
  },
};

const EXTENSIONS = [
  'security-group',
  'binding',
  'port-security',
  'standard-attr-description',
  'standard-attr-timestamp',
];

function matches(doc: Doc, query: Map<string, string[]>): boolean {
  for (const [key, wanted] of query) {
    if (RESERVED.has(key)) continue;
    const value = doc[key];
    // Filters on lists, objects and unknown fields are not applied.
    if (value === undefined || (typeof value === 'object' && value !== null)) continue;
    const text = String(value);
    if (!wanted.some((w) => (typeof value === 'boolean' ? w.toLowerCase() === text : w === text))) {
      return false;
    }
  }
  return true;
}

function project(doc: Doc, fields: string[] | undefined): Doc {
  if (!fields || fields.length === 0) return doc;
  return Object.fromEntries(fields.filter((f) => f in doc).map((f) => [f, doc[f]]));
}

function listAnswer(
  request: HttpRequest,
  name: string,
  docs: Doc[],
  endpoints: Endpoints,
): HttpResponse {
  const query = queryValues(request.search);
  let items = docs.filter((doc) => matches(doc, query));
  const marker = query.get('marker')?.[0];
  if (marker !== undefined) items = items.slice(items.findIndex((d) => d.id === marker) + 1);
  const key = name.replaceAll('-', '_');
  const body: Doc = {};
  const limitText = query.get('limit')?.[0];
  const limit = limitText === undefined ? Number.NaN : Number(limitText);
  if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
    items = items.slice(0, limit);
    body[`${key}_links`] = [
      {
        rel: 'next',
        href: `${endpoints.network}/v2.0/${name}?limit=${limit}&marker=${String(items.at(-1)?.id)}`,
      },
    ];
  }
  body[key] = items.map((doc) => project(doc, query.get('fields')));
  return json(200, body);
}

/**
 * Neutron v2.0, read-only, over the cloud's catalog and servers: networks, subnets, a port
 * per server address, security groups; filters by field (`?name=`, `?device_id=`, ...).
 */
export function createNetworkService(deps: {
  readonly cloud: () => Cloud;
  readonly identity: Identity;
  readonly endpoints: () => Endpoints;
  readonly sharedOwner: string;
}): Service {
  return (request) => {
    const endpoints = deps.endpoints();
    const parts = request.path
      .replace(/\.json$/, '')
      .split('/')
      .filter((s) => s !== '');
    if (request.method === 'GET' && parts.length === 0) {
      return json(200, {
        versions: [
          {
            id: 'v2.0',
            status: 'CURRENT',
            links: [{ rel: 'self', href: `${endpoints.network}/v2.0/` }],
          },
        ],
      });
    }
    const auth = deps.identity.authOf(request.headers['x-auth-token']);
    if (!auth) return unauthorized(endpoints.identity);
    if (parts[0] !== 'v2.0' || parts.length > 3) {
      return neutronError(404, 'HTTPNotFound', 'The resource could not be found.');
    }
    if (request.method !== 'GET') {
      return neutronError(
        405,
        'HTTPMethodNotAllowed',
        'nova-sim serves the Networking API read-only.',
      );
    }
    const [, name, id] = parts;
    if (name === undefined) {
      return json(200, {
        resources: Object.entries(COLLECTIONS).map(([collection, c]) => ({
          name: c.member,
          collection,
          links: [{ rel: 'self', href: `${endpoints.network}/v2.0/${collection}` }],
        })),
      });
    }
    if (name === 'extensions') {
      const extensions = EXTENSIONS.map((alias) => ({
        alias,
        name: alias,
        description: '',
        links: [],
        updated: '2013-01-01T00:00:00-00:00',
      }));
      if (id === undefined) return json(200, { extensions });
      const found = extensions.find((e) => e.alias === id);
      return found
        ? json(200, { extension: found })
        : neutronError(404, 'HTTPNotFound', `Extension with alias ${id} does not exist`);
    }
    const collection = Object.hasOwn(COLLECTIONS, name) ? COLLECTIONS[name] : undefined;
    if (!collection) return neutronError(404, 'HTTPNotFound', 'The resource could not be found.');
    const view: View = {
      cloud: deps.cloud(),
      auth,
      isAdmin: auth.roles.includes('admin'),
      sharedOwner: deps.sharedOwner,
    };
    const docs = collection.list(view);
    if (id === undefined) return listAnswer(request, name, docs, endpoints);
    const doc = docs.find((d) => d.id === id);
    if (!doc) return neutronError(404, ...collection.notFound(id));
    return json(200, {
      [collection.member]: project(doc, queryValues(request.search).get('fields')),
    });
  };
}
