import { validateBody } from '../../api/validation/validate.js';
import { queryOne, type VolumeContext, type VolumeResult, type VolumeRoute } from '../context.js';
import { CinderError } from '../errors.js';
import { authorize } from '../policy.js';
import { DEFAULT_QUOTAS, type QuotaName, type VolumeQuotas } from '../records.js';
import { updateQuotaSchema } from '../schemas.js';
import { asObject, isTrue } from './common.js';

const NAMES = Object.keys(DEFAULT_QUOTAS) as QuotaName[];

function quotaSet(ctx: VolumeContext, projectId: string, usage: boolean): Record<string, unknown> {
  const quotas = ctx.core.store.quotasOf(projectId);
  const used = ctx.core.store.usage(projectId);
  const set: Record<string, unknown> = { id: projectId };
  for (const name of NAMES) {
    const inUse = name in used ? used[name as keyof typeof used] : 0;
    set[name] = usage
      ? { limit: quotas[name], in_use: inUse, reserved: 0, allocated: 0 }
      : quotas[name];
  }
  return set;
}

/** A member reads its own project's quotas; another project's takes an admin. */
function checkProject(ctx: VolumeContext, rule: string): string {
  const projectId = ctx.params.project!;
  if (projectId !== ctx.auth.projectId) authorize(ctx, rule, 'admin');
  else authorize(ctx, rule, 'reader');
  return projectId;
}

function show(ctx: VolumeContext): VolumeResult {
  const projectId = checkProject(ctx, 'volume_extension:quotas:show');
  const usage = isTrue(queryOne(ctx, 'usage'));
  return { status: 200, body: { quota_set: quotaSet(ctx, projectId, usage) } };
}

function defaults(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:quotas:show', 'reader');
  return {
    status: 200,
    body: { quota_set: { id: ctx.params.project!, ...DEFAULT_QUOTAS } },
  };
}

function update(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:quotas:update', 'admin');
  validateBody(updateQuotaSchema, ctx.body);
  const projectId = ctx.params.project!;
  const changes = asObject(asObject(ctx.body).quota_set);
  const used = ctx.core.store.usage(projectId);
  const next: Partial<VolumeQuotas> = { ...ctx.core.store.quotas.get(projectId) };
  for (const [key, raw] of Object.entries(changes)) {
    if (!NAMES.includes(key as QuotaName)) {
      throw CinderError.badRequest(`Bad key(s) in quota set: ${key}`);
    }
    const value = Number(raw);
    const inUse = key in used ? used[key as keyof typeof used] : 0;
    if (value >= 0 && value < inUse) {
      throw CinderError.badRequest(
        `Quota ${key} limit must be equal or greater than existing resources. Current usage is ${inUse} and the requested limit is ${value}.`,
      );
    }
    next[key as QuotaName] = value;
  }
  ctx.core.store.quotas.set(projectId, next);
  const set = quotaSet(ctx, projectId, false);
  delete set.id;
  return { status: 200, body: { quota_set: set } };
}

function reset(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:quotas:delete', 'admin');
  ctx.core.store.quotas.delete(ctx.params.project!);
  return { status: 200 };
}

/** GET /limits: the absolute limits with what the project uses; no rate limits. */
function limits(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'limits_extension:used_limits', 'reader');
  const quotas = ctx.core.store.quotasOf(ctx.auth.projectId);
  const used = ctx.core.store.usage(ctx.auth.projectId);
  return {
    status: 200,
    body: {
      limits: {
        rate: [],
        absolute: {
          totalSnapshotsUsed: used.snapshots,
          maxTotalBackups: quotas.backups,
          maxTotalVolumeGigabytes: quotas.gigabytes,
          maxTotalSnapshots: quotas.snapshots,
          maxTotalBackupGigabytes: quotas.backup_gigabytes,
          totalBackupGigabytesUsed: 0,
          maxTotalVolumes: quotas.volumes,
          totalVolumesUsed: used.volumes,
          totalBackupsUsed: 0,
          totalGigabytesUsed: used.gigabytes,
        },
      },
    },
  };
}

export const QUOTA_ROUTES: readonly VolumeRoute[] = [
  { method: 'GET', path: '/os-quota-sets/{project}', handler: show },
  { method: 'GET', path: '/os-quota-sets/{project}/defaults', handler: defaults },
  { method: 'PUT', path: '/os-quota-sets/{project}', handler: update },
  { method: 'DELETE', path: '/os-quota-sets/{project}', handler: reset },
  { method: 'GET', path: '/limits', handler: limits },
];
