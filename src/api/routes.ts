import type { Route } from './context.js';
import { adminRoutes } from './handlers/admin/index.js';
import { assistedVolumeSnapshotRoutes } from './handlers/assisted-volume-snapshots.js';
import { catalogRoutes } from './handlers/catalog/index.js';
import { consoleAuthTokenRoutes } from './handlers/console-auth-tokens.js';
import { instanceUsageAuditLogRoutes } from './handlers/instance-usage-audit-log.js';
import { proxyRoutes } from './handlers/proxies/index.js';
import { remoteConsoleRoutes } from './handlers/remote-consoles.js';
import { serverDiagnosticsRoutes } from './handlers/server-diagnostics.js';
import { serverPasswordRoutes } from './handlers/server-password.js';
import { serverShareRoutes } from './handlers/server-shares.js';
import { serverTopologyRoutes } from './handlers/server-topology.js';
import { serverRoutes } from './handlers/servers.js';
import { listRoutes } from './handlers/servers-list.js';
import { simpleTenantUsageRoutes } from './handlers/simple-tenant-usage.js';
import { volumeAttachmentRoutes } from './handlers/volume-attachments.js';

/** Every route of the compute API, gathered from the handler modules. */
export const ROUTES: readonly Route[] = [
  ...listRoutes,
  ...serverRoutes,
  ...catalogRoutes,
  ...volumeAttachmentRoutes,
  ...adminRoutes,
  ...remoteConsoleRoutes,
  ...consoleAuthTokenRoutes,
  ...serverPasswordRoutes,
  ...serverDiagnosticsRoutes,
  ...serverTopologyRoutes,
  ...serverShareRoutes,
  ...simpleTenantUsageRoutes,
  ...instanceUsageAuditLogRoutes,
  ...proxyRoutes,
  ...assistedVolumeSnapshotRoutes,
];
