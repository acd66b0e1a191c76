import type { Server } from './server.js';
import { POWER_STATE } from './states.js';

/**
 * The guest's serial console log, as libvirt's console.log would hold it: written from the
 * server's life on the virtual clock (its boots, shutdowns and reboots, from its instance
 * actions) with a line every few minutes of running, so it grows while the server runs.
 * Numbers that differ between boots (sub-second stamps) come from a hash of the server id,
 * which came from the cloud's seed; reading the log draws nothing from the PRNG.
 */

/** What an action does to the guest once its compute step has finished. */
type GuestEffect = 'boot' | 'restart' | 'halt' | 'freeze' | 'thaw' | 'nmi';

const EFFECTS: Readonly<Record<string, readonly GuestEffect[]>> = {
  start: ['boot'],
  reboot: ['restart'],
  stop: ['halt'],
  shelve: ['halt'],
  unshelve: ['boot'],
  rebuild: ['halt', 'boot'],
  rescue: ['halt', 'boot'],
  unrescue: ['halt', 'boot'],
  resize: ['halt', 'boot'],
  migrate: ['halt', 'boot'],
  revertResize: ['halt', 'boot'],
  evacuate: ['boot'],
  pause: ['freeze'],
  suspend: ['freeze'],
  unpause: ['thaw'],
  resume: ['thaw'],
  trigger_crash_dump: ['nmi'],
};

/** Seconds between the guest's periodic lines while it runs. */
const TICK_SECONDS = 300;
/** The most periodic lines one boot contributes (older ones are past the byte cap anyway). */
const MAX_TICKS_PER_BOOT = 400;
/** libvirt's driver returns at most the last 100 KiB of the log (MAX_CONSOLE_BYTES). */
export const MAX_CONSOLE_BYTES = 100 * 1024;

interface Moment {
  readonly at: number;
  readonly effect: GuestEffect;
}

/** FNV-1a over a string: a stable per-server, per-boot number. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function stamp(seconds: number): string {
  const whole = Math.floor(seconds);
  const micros = Math.floor((seconds - whole) * 1e6);
  return `[${String(whole).padStart(5, ' ')}.${String(micros).padStart(6, '0')}]`;
}

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The guest effects of the server's life so far, in time order. */
function moments(server: Server, now: number): Moment[] {
  const out: Moment[] = [];
  if (server.launchedAt !== null) out.push({ at: server.launchedAt, effect: 'boot' });
  for (const action of server.actions) {
    const effects = EFFECTS[action.action];
    if (!effects) continue;
    // The guest changes when the compute step ends; one still running has not changed it.
    const event = action.events[0];
    const at = event ? event.finishTime : action.startTime;
    if (at === null || at > now || event?.result === 'Error') continue;
    for (const effect of effects) out.push({ at, effect });
  }
  return out.sort((a, b) => a.at - b.at);
}

function bootLines(server: Server, boot: number, at: number): string[] {
  const h = hash(`${server.id}/${boot}`);
  const f = (n: number) => ((h >>> n) & 0xff) / 256;
  const { vcpus, ram, disk } = server.flavor;
  return [
    `${stamp(0)} Linux version 6.1.0-nova-sim (builder@nova-sim) #1 SMP`,
    `${stamp(0)} Command line: root=LABEL=cloudimg-rootfs ro console=tty1 console=ttyS0`,
    `${stamp(0)} Memory: ${ram * 1024}K available`,
    `${stamp(0.01 + f(0) / 100)} smpboot: Allowing ${vcpus} CPUs, 0 hotplug CPUs`,
    `${stamp(0.9 + f(8))} virtio_blk virtio1: [vda] ${disk * 2097152} 512-byte logical blocks`,
    `${stamp(2 + f(16))} EXT4-fs (vda1): mounted filesystem with ordered data mode`,
    `${stamp(3 + f(24))} random: crng init done`,
    `cloud-init: ${server.hostname} up at ${iso(at)} (boot ${boot + 1})`,
    '',
    `${server.hostname} login: `,
  ];
}

/**
 * The whole console log of a server at virtual time `now`, ending with a newline as a
 * console file does; empty before its first boot.
 *
 * @example
 * consoleLog(server, cloud.clock.now()).split('\n')[0]; // '[    0.000000] Linux version ...'
 */
export function consoleLog(server: Server, now: number): string {
  const lines: string[] = [];
  let bootAt: number | null = null;
  let running = false;
  let boots = 0;
  const uptime = (at: number) => (bootAt === null ? 0 : (at - bootAt) / 1000 + 4);
  const tick = (from: number, to: number) => {
    if (bootAt === null) return;
    const first = Math.floor((from - bootAt) / (TICK_SECONDS * 1000)) + 1;
    const last = Math.floor((to - bootAt) / (TICK_SECONDS * 1000));
    for (let n = Math.max(first, last - MAX_TICKS_PER_BOOT + 1); n <= last; n++) {
      const at = bootAt + n * TICK_SECONDS * 1000;
      lines.push(`${stamp(uptime(at))} ${server.hostname}: up ${(n * TICK_SECONDS) / 60} min`);
    }
  };
  let since = 0;
  const boot = (at: number) => {
    bootAt = at;
    since = at;
    running = true;
    lines.push(...bootLines(server, boots++, at));
  };
  for (const { at, effect } of moments(server, now)) {
    if (running) tick(since, at);
    since = at;
    switch (effect) {
      case 'boot':
        boot(at);
        break;
      case 'restart':
        lines.push(`${stamp(uptime(at))} reboot: Restarting system`);
        boot(at);
        break;
      case 'halt':
        if (bootAt !== null) lines.push(`${stamp(uptime(at))} reboot: Power down`);
        running = false;
        break;
      case 'freeze':
        running = false;
        break;
      case 'thaw':
        running = bootAt !== null;
        break;
      case 'nmi':
        lines.push(`${stamp(uptime(at))} Uhhuh. NMI received for unknown reason 30 on CPU 0.`);
        break;
    }
  }
  if (running && server.machine.powerState === POWER_STATE.RUNNING) tick(since, now);
  if (lines.length === 0) return '';
  const text = `${lines.join('\n')}\n`;
  return text.length > MAX_CONSOLE_BYTES ? text.slice(text.length - MAX_CONSOLE_BYTES) : text;
}

/**
 * When the guest last booted (virtual ms), or null if it never has: what `uptime` counts from.
 *
 * @example
 * lastBootAt(server, cloud.clock.now()); // server.launchedAt for a server never rebooted
 */
export function lastBootAt(server: Server, now: number): number | null {
  let at: number | null = null;
  for (const moment of moments(server, now)) {
    if (moment.effect === 'boot' || moment.effect === 'restart') at = moment.at;
  }
  return at;
}

/** FNV-1a of a server-derived key: a stable number for the guest's figures. */
export function guestHash(key: string): number {
  return hash(key);
}

/**
 * The compute manager's `_tail_log`: the last `length` newline-separated pieces (0 gives
 * nothing; a negative length drops that many from the start, as Python's slice does).
 *
 * @example
 * tailLog('a\nb\nc\n', 2); // 'c\n'
 */
export function tailLog(log: string, length: number | null): string {
  if (length === null) return log;
  if (length === 0) return '';
  const pieces = log.split('\n');
  return pieces.slice(-length).join('\n');
}
