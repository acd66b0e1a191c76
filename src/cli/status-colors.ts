import type { ServerStatus } from '../compute/status-map.js';

/**
 * One colour per API status, shared by the diagram and the HTML report: greens for
 * running, greys for stopped, blues for work in progress, ambers for waiting on the
 * user, reds for trouble.
 */
export const STATUS_COLORS: Readonly<Record<ServerStatus, string>> = {
  ACTIVE: '#2e9e4f',
  BUILD: '#5b8def',
  DELETED: '#3b3b3b',
  ERROR: '#d9363e',
  HARD_REBOOT: '#8a63d2',
  MIGRATING: '#1c9fb0',
  PASSWORD: '#b07bd9',
  PAUSED: '#c9a227',
  REBOOT: '#a98ae6',
  REBUILD: '#3f6fd8',
  RESCUE: '#e0702b',
  RESIZE: '#2bb3c0',
  REVERT_RESIZE: '#d6803a',
  SHELVED: '#8c7b6b',
  SHELVED_OFFLOADED: '#6b5d50',
  SHUTOFF: '#8f969e',
  SOFT_DELETED: '#5e5e5e',
  SUSPENDED: '#b8a04a',
  UNKNOWN: '#ff00aa',
  VERIFY_RESIZE: '#e5b62e',
};

/** Black or white, whichever reads better on the colour. */
export function textColorOn(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return r * 0.299 + g * 0.587 + b * 0.114 > 150 ? '#000000' : '#ffffff';
}
