import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { instanceName } from '../../api/views/server-fields.js';
import type { Cloud } from '../../cloud.js';
import type { Server } from '../../compute/server.js';
import { createRfbSession } from './rfb.js';
import {
  acceptKey,
  encodeFrame,
  FrameReader,
  OPCODE_BINARY,
  OPCODE_CLOSE,
  OPCODE_PING,
  OPCODE_PONG,
} from './websocket.js';

/** Where serve answers as Nova's noVNC proxy (`[vnc] novncproxy_base_url`'s page). */
export const NOVNC_PAGES = new Set(['/vnc_auto.html', '/vnc_lite.html']);

/**
 * The page the console URL opens. The real one is noVNC's client; this one says what the
 * simulator serves (the handshake, no screen) and opens the same websocket.
 */
export const NOVNC_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>noVNC (nova-sim)</title></head>
<body>
<p>noVNC console of a simulated server: nova-sim speaks the RFB handshake and has no screen.</p>
<p id="status">connecting…</p>
<script>
  const path = new URLSearchParams(location.search).get('path') || 'websockify';
  const url = location.origin.replace(/^http/, 'ws') + '/' + path.replace(/^\\//, '');
  const ws = new WebSocket(url, ['binary']);
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (event) => {
    document.getElementById('status').textContent =
      new TextDecoder().decode(new Uint8Array(event.data).slice(0, 12));
    ws.close();
  };
  ws.onclose = () => { if (document.getElementById('status').textContent === 'connecting…')
    document.getElementById('status').textContent = 'closed: invalid or expired token'; };
</script>
</body>
</html>
`;

/**
 * The token of a websocket request, where nova-novncproxy looks: `?token=`, the token
 * inside `?path=`, or the `token` cookie (noVNC before 1.1 sent the query as a cookie).
 */
export function requestToken(url: string, cookie: string | undefined): string | undefined {
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  const fromPath = (path: string | null) =>
    path ? new URLSearchParams(path.replace(/^[^?]*\?/, '')).get('token') : null;
  const direct = query.get('token') ?? fromPath(query.get('path'));
  if (direct) return direct;
  for (const part of (cookie ?? '').split(';')) {
    const [rawKey, ...rest] = part.trim().split('=');
    const value = decodeURIComponentSafe(rest.join('='));
    if (rawKey === 'token' && value) return value;
    if (rawKey === 'path') {
      const token = fromPath(value);
      if (token) return token;
    }
  }
  return undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** ConsoleAuthToken.validate: an unexpired noVNC token of a live server. */
export function serverOfToken(cloud: Cloud, token: string): Server | undefined {
  const now = cloud.clock.now();
  for (const server of cloud.compute.servers.values()) {
    if (server.deleted || !server.consoleTokens) continue;
    const found = server.consoleTokens.some(
      (t) => t.token === token && t.consoleType === 'novnc' && t.expiresAt > now,
    );
    if (found) return server;
  }
  return undefined;
}

/**
 * Answers a websocket upgrade as nova-novncproxy does: the upgrade always succeeds (websockify
 * checks the token after it); a bad token then gets a bare close, a good one the RFB
 * handshake of the server's QEMU display.
 *
 * @example
 * httpServer.on('upgrade', (req, socket) => handleVncUpgrade(req, socket, () => holder.cloud));
 */
export function handleVncUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  cloud: () => Cloud,
  sync: () => void = () => {},
): void {
  const key = req.headers['sec-websocket-key'];
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  if (typeof key !== 'string' || upgrade !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const lines = [
    'HTTP/1.1 101 Switching Protocols',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${acceptKey(key)}`,
    ...(protocols.includes('binary') ? ['Sec-WebSocket-Protocol: binary'] : []),
  ];
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  socket.on('error', () => socket.destroy());
  // The HTTP server's sockets are half-open: answer a client's FIN with ours.
  socket.on('end', () => socket.end());

  sync();
  const token = requestToken(req.url ?? '/', req.headers.cookie);
  const server = token === undefined ? undefined : serverOfToken(cloud(), token);
  if (!server) {
    socket.end(encodeFrame(OPCODE_CLOSE));
    return;
  }
  const rfb = createRfbSession(`QEMU (${instanceName(server.dbId)})`, 1024, 768);
  const reader = new FrameReader();
  socket.write(encodeFrame(OPCODE_BINARY, rfb.greeting()));
  socket.on('data', (data: Buffer) => {
    for (const frame of reader.push(data)) {
      if (frame.opcode === OPCODE_CLOSE) {
        socket.end(encodeFrame(OPCODE_CLOSE));
        return;
      }
      if (frame.opcode === OPCODE_PING) {
        socket.write(encodeFrame(OPCODE_PONG, frame.payload));
        continue;
      }
      for (const answer of rfb.receive(frame.payload)) {
        socket.write(encodeFrame(OPCODE_BINARY, answer));
      }
      if (rfb.state === 'closed') {
        socket.end(encodeFrame(OPCODE_CLOSE));
        return;
      }
    }
  });
}
