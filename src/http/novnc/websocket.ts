import { createHash } from 'node:crypto';

/** RFC 6455's GUID for Sec-WebSocket-Accept. */
const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const OPCODE_BINARY = 0x2;
export const OPCODE_CLOSE = 0x8;
export const OPCODE_PING = 0x9;
export const OPCODE_PONG = 0xa;

/** The `Sec-WebSocket-Accept` answer to a client's key. */
export function acceptKey(key: string): string {
  return createHash('sha1').update(`${key}${ACCEPT_GUID}`).digest('base64');
}

/** One unmasked server frame (FIN set): servers never mask. */
export function encodeFrame(opcode: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 0x10000
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : (() => {
            const h = Buffer.alloc(10);
            h[0] = 0x80 | opcode;
            h[1] = 127;
            h.writeBigUInt64BE(BigInt(length), 2);
            return h;
          })();
  return Buffer.concat([header, payload]);
}

export interface Frame {
  readonly opcode: number;
  readonly payload: Buffer;
}

/** Client frames from a byte stream (they arrive masked, split or joined anyhow). */
export class FrameReader {
  private buffer = Buffer.alloc(0);

  push(data: Buffer): Frame[] {
    this.buffer = Buffer.concat([this.buffer, data]);
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  private next(): Frame | undefined {
    const b = this.buffer;
    if (b.length < 2) return undefined;
    const masked = (b[1]! & 0x80) !== 0;
    let length = b[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    const maskAt = offset;
    if (masked) offset += 4;
    if (b.length < offset + length) return undefined;
    const payload = Buffer.from(b.subarray(offset, offset + length));
    if (masked) for (let i = 0; i < length; i++) payload[i]! ^= b[maskAt + (i % 4)]!;
    this.buffer = b.subarray(offset + length);
    return { opcode: b[0]! & 0x0f, payload };
  }
}
