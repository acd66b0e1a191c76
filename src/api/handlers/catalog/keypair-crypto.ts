import { createHash, X509Certificate } from 'node:crypto';
import { NovaError } from '../../../errors/nova-error.js';
import type { Random } from '../../../random/prng.js';

/** Hex digits in pairs joined by colons, as `nova/crypto.py` prints fingerprints. */
function colonHex(digest: Buffer): string {
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function invalid(reason: string): NovaError {
  return NovaError.badRequest(`Keypair data is invalid: ${reason}`);
}

const SSH_KEY_TYPES = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
]);

/** Reads the length-prefixed fields of an SSH wire-format key; undefined if malformed. */
function readFields(blob: Buffer): Buffer[] | undefined {
  const fields: Buffer[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) return undefined;
    const size = blob.readUInt32BE(at);
    at += 4;
    if (at + size > blob.length) return undefined;
    fields.push(blob.subarray(at, at + size));
    at += size;
  }
  return fields;
}

/** How many wire fields (type name included) each key type carries. */
const FIELD_COUNT: Readonly<Record<string, number>> = {
  'ssh-rsa': 3,
  'ssh-dss': 5,
  'ssh-ed25519': 2,
  'ecdsa-sha2-nistp256': 3,
  'ecdsa-sha2-nistp384': 3,
  'ecdsa-sha2-nistp521': 3,
};

/**
 * `crypto.generate_fingerprint`: the MD5 of the decoded key body. Nova first loads the key
 * with `cryptography`; this checks the same shape (a known type whose base64 body is a
 * well-formed SSH wire blob of that type) without the number theory.
 *
 * @example
 * sshFingerprint('ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQ... Generated-by-Nova');
 */
export function sshFingerprint(publicKey: string): string {
  const [type, body] = publicKey.trim().split(/\s+/);
  const failed = invalid('failed to generate fingerprint');
  if (type === undefined || body === undefined || !SSH_KEY_TYPES.has(type)) throw failed;
  if (body.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw failed;
  const blob = Buffer.from(body, 'base64');
  const fields = readFields(blob);
  if (!fields || fields.length !== FIELD_COUNT[type] || fields[0]!.toString('latin1') !== type)
    throw failed;
  return colonHex(createHash('md5').update(blob).digest());
}

/** `crypto.generate_x509_fingerprint`: SHA-1 of the certificate, colon-separated lowercase hex. */
export function x509Fingerprint(pem: string): string {
  try {
    return new X509Certificate(pem).fingerprint.toLowerCase();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw invalid(`failed to generate X509 fingerprint. Error message: ${why}`);
  }
}

function sshString(data: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(data.length);
  return Buffer.concat([size, data]);
}

function pemBlock(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export interface GeneratedKeypair {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly fingerprint: string;
}

/**
 * A generated key pair, drawn from the cloud's seeded PRNG so that runs replay. These are
 * NOT real keys: the public key is a well-formed `ssh-rsa` blob (e = 65537, a random odd
 * 2048-bit "modulus") and the private key a PEM block of the usual size and header whose
 * body is random; nothing can sign or decrypt with them. An x509 pair gets a PEM
 * "certificate" whose fingerprint is the SHA-1 of its (random) body.
 *
 * @example
 * const { publicKey, privateKey, fingerprint } = generateKeypair(cloud.random, 'ssh');
 */
export function generateKeypair(rng: Random, type: 'ssh' | 'x509'): GeneratedKeypair {
  const modulus = Buffer.from(rng.bytes(256));
  modulus[0] = modulus[0]! | 0x80;
  modulus[255] = modulus[255]! | 0x01;
  // DER header of an RSAPrivateKey (SEQUENCE, version 0, INTEGER n) then random "fields".
  const header = Buffer.from([
    0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00,
  ]);
  const rest = Buffer.from(rng.bytes(1192 - header.length - modulus.length));
  const privateDer = Buffer.concat([header, modulus, rest]);
  if (type === 'x509') {
    const certDer = Buffer.concat([
      Buffer.from([0x30, 0x82, 0x02, 0xfe]),
      Buffer.from(rng.bytes(766)),
    ]);
    return {
      publicKey: pemBlock('CERTIFICATE', certDer),
      privateKey: pemBlock('PRIVATE KEY', privateDer),
      fingerprint: colonHex(createHash('sha1').update(certDer).digest()),
    };
  }
  const blob = Buffer.concat([
    sshString(Buffer.from('ssh-rsa', 'latin1')),
    sshString(Buffer.from([0x01, 0x00, 0x01])),
    sshString(Buffer.concat([Buffer.from([0x00]), modulus])),
  ]);
  return {
    publicKey: `ssh-rsa ${blob.toString('base64')} Generated-by-Nova`,
    privateKey: pemBlock('RSA PRIVATE KEY', privateDer),
    fingerprint: colonHex(createHash('md5').update(blob).digest()),
  };
}
