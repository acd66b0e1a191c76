import type { Server } from '../../compute/server.js';
import type { ApiContext } from '../context.js';
import { Microversion } from '../microversion.js';
import { type PolicyTarget, permitted } from '../policy.js';
import { requestMemo } from './request-memo.js';
import { serverGroupsOf } from './server-parts.js';

/** A server view field that a microversion added, and how to fill it. */
export interface GatedField {
  readonly key: string;
  /** The first microversion that shows it. */
  readonly since: string;
  readonly value: (ctx: ApiContext, server: Server) => unknown;
  /** Left out of `/servers/detail` items (shown by GET, PUT and rebuild only). */
  readonly notInList?: boolean;
  /** From this version everyone sees an admin-only field. */
  readonly publicSince?: string;
  /** Shown under the `servers:show:host_status` rules rather than the extended-attributes one. */
  readonly hostStatus?: boolean;
}

/** `[DEFAULT] instance_name_template` = `instance-%08x` of the DB id. */
export function instanceName(dbId: number): string {
  return `instance-${dbId.toString(16).padStart(8, '0')}`;
}

/**
 * The policy-gated fields of GET and `/servers/detail` (rules
 * `os-extended-server-attributes` and `servers:show:host_status[:unknown-only]`, all admin
 * by default); never in the PUT/rebuild body before 2.75.
 */
export const ADMIN_FIELDS: readonly GatedField[] = [
  { key: 'OS-EXT-SRV-ATTR:host', since: '2.1', value: (_, s) => s.host },
  { key: 'OS-EXT-SRV-ATTR:instance_name', since: '2.1', value: (_, s) => instanceName(s.dbId) },
  // The fake driver has one node per host, named after it.
  { key: 'OS-EXT-SRV-ATTR:hypervisor_hostname', since: '2.1', value: (_, s) => s.host },
  { key: 'OS-EXT-SRV-ATTR:reservation_id', since: '2.3', value: (_, s) => s.reservationId },
  { key: 'OS-EXT-SRV-ATTR:launch_index', since: '2.3', value: (_, s) => s.launchIndex },
  {
    key: 'OS-EXT-SRV-ATTR:hostname',
    since: '2.3',
    publicSince: '2.90',
    value: (_, s) => s.hostname,
  },
  // Only AMI-style images have a kernel and ramdisk; the simulator has none.
  { key: 'OS-EXT-SRV-ATTR:kernel_id', since: '2.3', value: () => '' },
  { key: 'OS-EXT-SRV-ATTR:ramdisk_id', since: '2.3', value: () => '' },
  { key: 'OS-EXT-SRV-ATTR:root_device_name', since: '2.3', value: (_, s) => s.rootDeviceName },
  { key: 'OS-EXT-SRV-ATTR:user_data', since: '2.3', value: (_, s) => s.userData },
  {
    key: 'host_status',
    since: '2.16',
    hostStatus: true,
    // A deleted instance joins no service row (Instance.deleted == 0 in the join): ''.
    value: (ctx, s) =>
      s.deleted ? '' : ctx.cloud.scheduler.hostStatus(s.host, ctx.cloud.clock.now()),
  },
];

/** Fields microversions added for everyone, in GET, detail, PUT and rebuild alike. */
export const VERSIONED_FIELDS: readonly GatedField[] = [
  { key: 'locked', since: '2.9', value: (_, s) => s.lockedBy !== null },
  { key: 'description', since: '2.19', value: (_, s) => s.description },
  { key: 'tags', since: '2.26', value: (_, s) => [...s.tags] },
  {
    key: 'trusted_image_certificates',
    since: '2.63',
    value: (_, s) => (s.trustedImageCertificates ? [...s.trustedImageCertificates] : null),
  },
  { key: 'server_groups', since: '2.71', notInList: true, value: serverGroupsOf },
  { key: 'locked_reason', since: '2.73', value: (_, s) => s.lockedReason },
  { key: 'pinned_availability_zone', since: '2.96', value: (_, s) => s.requestedAz },
  {
    key: 'scheduler_hints',
    since: '2.100',
    value: (_, s) =>
      Object.fromEntries(
        Object.entries(s.schedulerHints).map(([key, values]) => [key, [...values]]),
      ),
  },
];

/** Which of a table's fields a response shows. */
export interface FieldOptions {
  /** A `/servers/detail` item. */
  readonly list?: boolean;
  /** The table is policy-gated, bar fields past their `publicSince`. */
  readonly adminOnly?: boolean;
  /** A key to leave out. */
  readonly omit?: string;
}

/**
 * Writes the fields of `table` that the request's microversion, caller and form show.
 *
 * @example
 * addFields(ctx, server, view, ADMIN_FIELDS, { adminOnly: true, list: true });
 */
export function addFields(
  ctx: ApiContext,
  server: Server,
  view: Record<string, unknown>,
  table: readonly GatedField[],
  options: FieldOptions = {},
): void {
  const shown = shownFields(ctx, server, table, options);
  writerOf(shown)(view, ctx, server, shown);
}

type Writer = (
  view: Record<string, unknown>,
  ctx: ApiContext,
  server: Server,
  shown: readonly ShownField[],
) => void;

/**
 * Writers by the keys they write. A loop storing `view[field.key]` with a different key
 * each time is a megamorphic keyed store, the largest cost of a detail view; a writer
 * compiled per set of shown fields stores each key at its own site. The keys are our own
 * tables' (never a request's), written as JSON strings.
 */
const writers = new Map<string, Writer>();

function writerOf(shown: readonly ShownField[]): Writer {
  const signature = shown.map((f) => `${f.unknownOnly ? '?' : ''}${f.field.key}`).join('\n');
  let writer = writers.get(signature);
  if (writer === undefined) {
    let body = '';
    shown.forEach(({ field, unknownOnly }, i) => {
      const key = JSON.stringify(field.key);
      const value = `shown[${i}].field.value(ctx, server)`;
      body += unknownOnly
        ? `{ const v = ${value}; if (v === 'UNKNOWN') view[${key}] = v; }\n`
        : `view[${key}] = ${value};\n`;
    });
    writer = new Function('view', 'ctx', 'server', 'shown', body) as Writer;
    writers.set(signature, writer);
  }
  return writer;
}

/** A field a request shows; `unknownOnly`: only when its value is `UNKNOWN`. */
interface ShownField {
  readonly field: GatedField;
  readonly unknownOnly: boolean;
}

/**
 * The fields of `table` this request shows. A detail list checks its policies against the
 * caller's own project, so the answer is the same for every row: worked out once a page.
 */
function shownFields(
  ctx: ApiContext,
  server: Server,
  table: readonly GatedField[],
  options: FieldOptions,
): readonly ShownField[] {
  if (!options.list) return planFields(ctx, server, table, options);
  let byForm = requestMemo(ctx).fields.get(table);
  if (byForm === undefined) requestMemo(ctx).fields.set(table, (byForm = new Map()));
  const form = `${options.adminOnly ? 1 : 0}:${options.omit ?? ''}`;
  let shown = byForm.get(form) as readonly ShownField[] | undefined;
  if (shown === undefined) byForm.set(form, (shown = planFields(ctx, server, table, options)));
  return shown;
}

function planFields(
  ctx: ApiContext,
  server: Server,
  table: readonly GatedField[],
  options: FieldOptions,
): ShownField[] {
  const { version } = ctx;
  const gate = options.adminOnly ? policyGate(ctx, server, options.list ?? false) : undefined;
  const shown: ShownField[] = [];
  for (const field of table) {
    if (version.below(parsed(field.since)) || field.key === options.omit) continue;
    if (options.list && field.notInList) continue;
    const isPublic = field.publicSince !== undefined && version.atLeast(parsed(field.publicSince));
    if (gate && !isPublic) {
      const rule = field.hostStatus ? gate.hostStatus : gate.extended ? 'all' : 'none';
      if (rule === 'none') continue;
      shown.push({ field, unknownOnly: rule === 'unknown-only' });
      continue;
    }
    shown.push({ field, unknownOnly: false });
  }
  return shown;
}

type HostStatusShown = 'all' | 'unknown-only' | 'none';

/**
 * What the caller's policy shows (views/servers.py): the extended attributes, and
 * host_status in full, UNKNOWN only, or not at all. GET checks against the server's
 * project; `/servers/detail` checks once against the caller's own.
 */
function policyGate(
  ctx: ApiContext,
  server: Server,
  list: boolean,
): { extended: boolean; hostStatus: HostStatusShown } {
  const target: PolicyTarget | undefined = list ? undefined : { projectId: server.projectId };
  const extended = permitted(ctx, 'os_compute_api:os-extended-server-attributes', target);
  let hostStatus: HostStatusShown = 'none';
  if (permitted(ctx, 'os_compute_api:servers:show:host_status', target)) hostStatus = 'all';
  else if (permitted(ctx, 'os_compute_api:servers:show:host_status:unknown-only', target)) {
    hostStatus = 'unknown-only';
  }
  return { extended, hostStatus };
}

// Detail lists render every gate for every server: parse each version literal once.
const versions = new Map<string, Microversion>();
function parsed(text: string): Microversion {
  let version = versions.get(text);
  if (!version) versions.set(text, (version = Microversion.of(text)));
  return version;
}
