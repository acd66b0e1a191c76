/**
 * The server half of an RFB (VNC) session up to ServerInit, as QEMU's VNC server answers
 * behind Nova's noVNC proxy: version 3.8 (3.3 accepted), security type None, then a
 * ServerInit naming the instance. There is no framebuffer: messages after the handshake
 * are read and ignored.
 */
export type RfbState = 'version' | 'security' | 'client-init' | 'running' | 'closed';

/** The protocol versions QEMU speaks; a client may answer with either. */
const VERSION_3_8 = 'RFB 003.008\n';
const VERSION_3_3 = 'RFB 003.003\n';
const SECURITY_NONE = 1;

/** 32 bits per pixel, depth 24, little-endian true colour, 8 bits per channel. */
const PIXEL_FORMAT = [32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0];

export interface RfbSession {
  /** Feeds bytes the client sent; returns the bytes to answer (maybe none). */
  receive(data: Uint8Array): Uint8Array[];
  readonly state: RfbState;
}

/**
 * A session that has already sent its greeting (`greeting()`).
 *
 * @example
 * const rfb = createRfbSession('QEMU (instance-00000001)', 1024, 768);
 * send(rfb.greeting());
 * socket.on('data', (bytes) => rfb.receive(bytes).forEach(send));
 */
export function createRfbSession(
  name: string,
  width: number,
  height: number,
): RfbSession & { greeting(): Uint8Array } {
  let state: RfbState = 'version';
  let pending = new Uint8Array(0);
  let version = VERSION_3_8;

  const take = (count: number): Uint8Array | undefined => {
    if (pending.length < count) return undefined;
    const head = pending.slice(0, count);
    pending = pending.slice(count);
    return head;
  };

  const serverInit = (): Uint8Array => {
    const nameBytes = new TextEncoder().encode(name);
    const out = new Uint8Array(24 + nameBytes.length);
    const view = new DataView(out.buffer);
    view.setUint16(0, width);
    view.setUint16(2, height);
    out.set(PIXEL_FORMAT, 4);
    view.setUint32(20, nameBytes.length);
    out.set(nameBytes, 24);
    return out;
  };

  const step = (): Uint8Array[] | undefined => {
    switch (state) {
      case 'version': {
        const bytes = take(12);
        if (!bytes) return undefined;
        version = new TextDecoder().decode(bytes);
        if (version === VERSION_3_3) {
          // 3.3: the server picks the type, a 32-bit word, and no result follows.
          state = 'client-init';
          return [Uint8Array.of(0, 0, 0, SECURITY_NONE)];
        }
        if (!/^RFB 003\.00[78]\n$/.test(version)) {
          state = 'closed';
          return [];
        }
        state = 'security';
        return [Uint8Array.of(1, SECURITY_NONE)];
      }
      case 'security': {
        const bytes = take(1);
        if (!bytes) return undefined;
        if (bytes[0] !== SECURITY_NONE) {
          state = 'closed';
          return [Uint8Array.of(0, 0, 0, 1)];
        }
        state = 'client-init';
        return [Uint8Array.of(0, 0, 0, 0)];
      }
      case 'client-init': {
        if (!take(1)) return undefined;
        state = 'running';
        return [serverInit()];
      }
      default:
        // Client messages after the handshake (pixel formats, updates, keys) change nothing.
        pending = new Uint8Array(0);
        return undefined;
    }
  };

  return {
    get state() {
      return state;
    },
    greeting: () => new TextEncoder().encode(VERSION_3_8),
    receive(data: Uint8Array): Uint8Array[] {
      const joined = new Uint8Array(pending.length + data.length);
      joined.set(pending);
      joined.set(data, pending.length);
      pending = joined;
      const out: Uint8Array[] = [];
      for (let answer = step(); answer; answer = step()) {
        out.push(...answer);
        if (state === 'closed') break;
      }
      return out;
    },
  };
}
