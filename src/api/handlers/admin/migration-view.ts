import type { Migration } from '../../../compute/server.js';
import type { ApiContext } from '../../context.js';
import { perfectTime } from '../catalog/view-helpers.js';

/** The address every fake compute reports as `my_ip` (the hypervisors' `host_ip`). */
const HOST_IP = '192.168.0.1';

/** Nova's `migration_type` spells the sim's cold migration `migration` too. */
export function migrationType(m: Migration): string {
  return m.kind;
}

/** The flavor's row id, or null once the flavor is gone. */
function flavorRow(ctx: ApiContext, id: string): number | null {
  const index = [...ctx.cloud.catalog.flavors.keys()].indexOf(id);
  return index < 0 ? null : index + 1;
}

const time = (ms: number | null) => (ms === null ? null : perfectTime(ms));

/** The columns both views share: hosts (null when the caller may not see them) and times. */
function hosts(m: Migration, withHost: boolean): Record<string, string | null> {
  if (!withHost) {
    return {
      dest_compute: null,
      dest_host: null,
      dest_node: null,
      source_compute: null,
      source_node: null,
    };
  }
  return {
    dest_compute: m.destHost,
    dest_host: m.destHost === null ? null : HOST_IP,
    dest_node: m.destHost,
    source_compute: m.sourceHost,
    source_node: m.sourceHost,
  };
}

/**
 * An os-migrations entry (`MigrationsController._output`): `migration_type` and the links of
 * an in-progress live migration from 2.23, `uuid` from 2.59, `user_id`/`project_id` from 2.80.
 */
export function migrationsEntry(
  ctx: ApiContext,
  m: Migration,
  withHost: boolean,
  inProgress: boolean,
): Record<string, unknown> {
  const v = ctx.version;
  const body: Record<string, unknown> = {
    created_at: perfectTime(m.createdAt),
    ...hosts(m, withHost),
    id: m.dbId,
    instance_uuid: m.serverId,
    new_instance_type_id: flavorRow(ctx, m.newFlavor.id),
    old_instance_type_id: flavorRow(ctx, m.oldFlavor.id),
    status: m.status,
    updated_at: time(m.updatedAt),
  };
  if (v.atLeast('2.23')) {
    body.migration_type = migrationType(m);
    if (m.kind === 'live-migration' && inProgress) {
      const path = `servers/${m.serverId}/migrations/${m.dbId}`;
      body.links = [
        { href: ctx.links.self(path), rel: 'self' },
        { href: ctx.links.bookmark(path), rel: 'bookmark' },
      ];
    }
  }
  if (v.atLeast('2.59')) body.uuid = m.id;
  if (v.atLeast('2.80')) {
    body.user_id = m.userId;
    body.project_id = m.projectId;
  }
  return body;
}

/**
 * A /servers/{id}/migrations entry (`server_migrations.output`). The fake driver reports no
 * memory or disk progress, so those are null as with Nova's fake driver.
 */
export function serverMigrationEntry(
  ctx: ApiContext,
  m: Migration,
  withHost: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    created_at: perfectTime(m.createdAt),
    ...hosts(m, withHost),
    disk_processed_bytes: null,
    disk_remaining_bytes: null,
    disk_total_bytes: null,
    id: m.dbId,
    memory_processed_bytes: null,
    memory_remaining_bytes: null,
    memory_total_bytes: null,
    server_uuid: m.serverId,
    status: m.status,
    updated_at: time(m.updatedAt),
  };
  if (ctx.version.atLeast('2.59')) body.uuid = m.id;
  if (ctx.version.atLeast('2.80')) {
    body.user_id = m.userId;
    body.project_id = m.projectId;
  }
  return body;
}
