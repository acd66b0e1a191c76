import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { authorize } from '../../policy.js';
import { EXTENSIONS } from './extension-list.js';

const NAMESPACE = 'http://docs.openstack.org/compute/ext/fake_xml';

interface Extension {
  alias: string;
  description: string;
  links: never[];
  name: string;
  namespace: string;
  updated?: string;
}

const LIST: readonly Extension[] = EXTENSIONS.map(([alias, name, description]) => ({
  alias,
  description,
  links: [],
  name,
  namespace: NAMESPACE,
  updated: '2014-12-03T00:00:00Z',
}));

/** The legacy /v2 endpoint also lists OS-EXT-VIF-NET (with no `updated`), sorted by alias. */
const LEGACY_V2: readonly Extension[] = [
  ...LIST,
  {
    alias: 'OS-EXT-VIF-NET',
    description: 'Adds network id parameter to the virtual interface list.',
    links: [],
    name: 'ExtendedVIFNet',
    namespace: NAMESPACE,
  },
].sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));

function listFor(ctx: ApiContext): readonly Extension[] {
  return ctx.links.self('').includes('/v2/') ? LEGACY_V2 : LIST;
}

const can = (ctx: ApiContext) =>
  authorize(ctx, { rule: 'os_compute_api:extensions', default: 'any' });

/** GET /extensions and /extensions/{alias}: any user; unknown aliases 404. */
export const extensionRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/extensions',
    handler: (ctx): HandlerResult => {
      can(ctx);
      return { status: 200, body: { extensions: listFor(ctx) } };
    },
  },
  {
    method: 'GET',
    path: '/extensions/{alias}',
    handler: (ctx): HandlerResult => {
      can(ctx);
      const extension = listFor(ctx).find((e) => e.alias === ctx.params.alias);
      if (!extension) throw NovaError.notFound('The resource could not be found.');
      return { status: 200, body: { extension } };
    },
  },
];
