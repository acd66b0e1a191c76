import type { ApiContext } from '../context.js';
import { literalPrefix } from './address-index.js';
import { isColumn } from './columns.js';
import type { DeletedMode, ExactFilter, RegexFilter, TagFilters } from './filters.js';
import type { Options, ParsedListRequest } from './plan.js';
import { compileRegex, databaseRegex, ipRegex, requiredLiteral } from './regex.js';

/** Nova's exact-match columns (nova/db/main/api.py); every other column filter is a regex. */
const EXACT_COLUMNS = new Set([
  'project_id',
  'user_id',
  'image_ref',
  'vm_state',
  'instance_type_id',
  'uuid',
  'host',
  'task_state',
  'locked',
]);

/** What the API layer worked out before `compute.API.get_all`. */
export interface SearchOutcome {
  readonly deleted: boolean | undefined;
  readonly changesSince: number | undefined;
  readonly changesBefore: number | undefined;
  readonly tags: Record<string, string[]>;
  readonly sortKeys: string[];
  readonly sortDirs: string[];
  readonly limit: number;
  readonly marker: string | undefined;
}

/** compute.API.get_all's remapping, then the database's reading of each filter. */
export function toPlan(ctx: ApiContext, opts: Options, parsed: SearchOutcome): ParsedListRequest {
  const filters = new Map<string, string | readonly string[] | boolean>();
  for (const [name, value] of opts) {
    switch (name) {
      case 'image':
        filters.set('image_ref', value);
        break;
      case 'name':
        filters.set('display_name', value);
        break;
      case 'tenant_id':
        filters.set('project_id', value);
        break;
      case 'flavor': {
        // An unknown flavor is Nova's FlavorNotFound, answered with an empty list.
        const flavor = ctx.cloud.catalog.flavors.get(String(value));
        if (!flavor) return 'empty';
        filters.set('instance_type_id', flavor.id);
        break;
      }
      case 'fixed_ip':
        filters.set('ip', `^${String(value).replaceAll('.', '\\.')}$`);
        break;
      default:
        filters.set(name, value);
    }
  }

  const exact: ExactFilter[] = [];
  const regex: RegexFilter[] = [];
  let projectId: string | undefined;
  for (const [name, value] of filters) {
    if (name === 'project_id') {
      projectId = String(value);
    } else if (EXACT_COLUMNS.has(name)) {
      exact.push({
        column: name,
        values: Array.isArray(value) ? value : [value as string | boolean],
      });
    } else if (isColumn(name) && typeof value === 'string') {
      const database = databaseRegex(value);
      const literal = database === undefined ? undefined : requiredLiteral(value);
      regex.push({
        column: name,
        database,
        python: compileRegex(value),
        ...(literal === undefined ? {} : { literal }),
      });
    }
  }

  const ip = filters.get('ip');
  const ip6 = filters.get('ip6');
  const ipFilter =
    ip === undefined && ip6 === undefined
      ? undefined
      : {
          v4: typeof ip === 'string' ? ipRegex(ip) : undefined,
          v6: typeof ip6 === 'string' ? ipRegex(ip6) : undefined,
          prefixes: {
            v4: typeof ip === 'string' ? literalPrefix(ip) : undefined,
            v6: typeof ip6 === 'string' ? literalPrefix(ip6) : undefined,
          },
        };

  const tags: TagFilters = {
    ...(parsed.tags.tags ? { all: parsed.tags.tags } : {}),
    ...(parsed.tags['tags-any'] ? { any: parsed.tags['tags-any'] } : {}),
    ...(parsed.tags['not-tags'] ? { notAll: parsed.tags['not-tags'] } : {}),
    ...(parsed.tags['not-tags-any'] ? { notAny: parsed.tags['not-tags-any'] } : {}),
  };

  return {
    filter: {
      projectId,
      deleted: deletedMode(parsed.deleted, filters.get('soft_deleted')),
      exact,
      regex,
      tags,
      changesSince: parsed.changesSince,
      changesBefore: parsed.changesBefore,
      ip: ipFilter,
    },
    sortKeys: parsed.sortKeys,
    sortDirs: parsed.sortDirs,
    limit: parsed.limit,
    marker: parsed.marker,
  };
}

/** `soft_deleted` is read raw: any non-empty value counts as true. */
function deletedMode(deleted: boolean | undefined, softDeleted: unknown): DeletedMode {
  if (deleted === undefined) return 'any';
  const soft = typeof softDeleted === 'string' ? softDeleted !== '' : undefined;
  if (deleted) return soft === false ? 'deleted' : 'deleted-and-soft';
  return soft ? 'live-and-soft' : 'live';
}
