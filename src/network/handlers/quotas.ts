import { type HandlerResult, member, type NetworkContext } from '../context.js';
import { NeutronError } from '../errors.js';
import { usage } from '../quota.js';
import { DEFAULT_QUOTAS, QUOTA_RESOURCES, type QuotaResource, type QuotaSet } from '../records.js';

function readable(ctx: NetworkContext, projectId: string): void {
  if (!ctx.isAdmin && projectId !== ctx.auth.projectId) throw NeutronError.policy('get_quota');
}

/** GET /v2.0/quotas: the projects with their own limits (admin). */
export function listQuotas(ctx: NetworkContext): HandlerResult {
  if (!ctx.isAdmin) throw NeutronError.policy('get_quota');
  const quotas = [...ctx.db.quotas.keys()].map((projectId) => ({
    ...ctx.db.quotasOf(projectId),
    tenant_id: projectId,
    project_id: projectId,
  }));
  return { status: 200, body: { quotas } };
}

/** GET /v2.0/quotas/{project}[/default|/details]. */
export function showQuota(
  ctx: NetworkContext,
  projectId: string,
  view: string | undefined,
): HandlerResult {
  readable(ctx, projectId);
  if (view === 'default') {
    return { status: 200, body: { quota: { ...DEFAULT_QUOTAS } } };
  }
  const quota = ctx.db.quotasOf(projectId);
  if (view === 'details') {
    const details = Object.fromEntries(
      QUOTA_RESOURCES.map((r) => [
        r,
        { limit: quota[r], used: usage(ctx.db, r, projectId), reserved: 0 },
      ]),
    );
    return { status: 200, body: { quota: details } };
  }
  if (view !== undefined)
    throw NeutronError.notFound('HTTPNotFound', 'The resource could not be found.');
  return { status: 200, body: { quota } };
}

export function updateQuota(ctx: NetworkContext, projectId: string): HandlerResult {
  if (!ctx.isAdmin) throw NeutronError.policy('update_quota');
  const attrs = member(ctx, 'quota');
  const unknown = Object.keys(attrs).filter(
    (k) => !(QUOTA_RESOURCES as readonly string[]).includes(k),
  );
  if (unknown.length > 0) {
    throw NeutronError.badRequest(
      'HTTPBadRequest',
      `Unrecognized attribute(s) '${unknown.join(', ')}'`,
    );
  }
  const changes: Partial<QuotaSet> = {};
  for (const [key, value] of Object.entries(attrs)) {
    const n =
      typeof value === 'number'
        ? value
        : /^-?\d+$/.test(String(value))
          ? Number(value)
          : Number.NaN;
    if (!Number.isInteger(n)) {
      throw NeutronError.badRequest(
        'HTTPBadRequest',
        `Invalid input for ${key}. Reason: '${String(value)}' is not an integer.`,
      );
    }
    if (n < -1) {
      throw NeutronError.badRequest(
        'HTTPBadRequest',
        `Invalid input for ${key}. Reason: '${n}' is too small - must be at least '-1'.`,
      );
    }
    changes[key as QuotaResource] = n;
  }
  ctx.db.quotas.set(projectId, { ...ctx.db.quotas.get(projectId), ...changes });
  return { status: 200, body: { quota: ctx.db.quotasOf(projectId) } };
}

export function deleteQuota(ctx: NetworkContext, projectId: string): HandlerResult {
  if (!ctx.isAdmin) throw NeutronError.policy('delete_quota');
  ctx.db.quotas.delete(projectId);
  return { status: 204, body: null };
}
