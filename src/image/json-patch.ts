import { badRequest, GlanceError } from './errors.js';
import { validateImage } from './schemas.js';

export type PatchOp = 'add' | 'remove' | 'replace';

export interface Change {
  readonly op: PatchOp;
  /** The decoded JSON pointer: one segment for every image attribute. */
  readonly path: readonly string[];
  readonly value?: unknown;
  /** 4 for `openstack-images-v2.0-json-patch`, 10 for v2.1. */
  readonly draft: 4 | 10;
}

/** The PATCH media types Glance accepts, with the JSON Schema draft each implies. */
export const PATCH_TYPES: Readonly<Record<string, 4 | 10>> = {
  'application/openstack-images-v2.0-json-patch': 4,
  'application/openstack-images-v2.1-json-patch': 10,
};

const OPERATIONS: readonly PatchOp[] = ['add', 'remove', 'replace'];
const READ_ONLY = new Set([
  'created_at',
  'updated_at',
  'status',
  'checksum',
  'size',
  'virtual_size',
  'direct_url',
  'self',
  'file',
  'schema',
  'id',
  'os_hash_algo',
  'os_hash_value',
]);
const RESERVED = new Set(['location', 'deleted', 'deleted_at']);
/** Glance's reserved property namespace (glance.common.GLANCE_RESERVED_NS). */
export const RESERVED_NAMESPACE = 'os_glance';

/**
 * Parses a PATCH body as Glance's `RequestDeserializer.update` does: media type, the list
 * of operations, each pointer, value and attribute rules. Throws Glance's 400/403/415.
 *
 * @example
 * parsePatch('application/openstack-images-v2.1-json-patch', [{ op: 'replace', path: '/name', value: 'x' }]);
 */
export function parsePatch(contentType: string | undefined, body: unknown): Change[] {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const draft = PATCH_TYPES[type];
  if (draft === undefined) {
    const allowed = Object.keys(PATCH_TYPES).sort().join(', ');
    throw new GlanceError(
      415,
      `The request media type ${type} is not supported by this server.\n\nImage PATCH expects Content-Type one of: ${allowed}`,
      { 'accept-patch': allowed },
    );
  }
  if (body === undefined) throw badRequest('Body expected in request.');
  if (!Array.isArray(body))
    throw badRequest('Request body must be a JSON array of operation objects.');
  return body.map((raw: unknown) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw badRequest('Operations must be JSON objects.');
    const change = raw as Record<string, unknown>;
    const op = draft === 10 ? operation10(change) : operation4(change);
    const pointer = draft === 10 ? change.path : change[op];
    if (typeof pointer !== 'string')
      throw badRequest("Unable to find 'path' in JSON Schema change");
    const path = decodePointer(pointer);
    // Only `locations` goes deeper than one segment, and this cloud keeps no locations.
    if (path.length !== 1 && path[0] !== 'locations')
      throw badRequest(`Invalid JSON pointer for this resource: '/${path.join('/')}'`);
    if (op !== 'remove' && !('value' in change))
      throw badRequest(`Operation "${op}" requires a member named "value".`);
    const parsed: Change =
      op === 'remove' ? { op, path, draft } : { op, path, value: change.value, draft };
    validateChange(parsed);
    return parsed;
  });
}

function operation10(change: Record<string, unknown>): PatchOp {
  const op = change.op;
  const available = OPERATIONS.join(', ');
  if (op === undefined)
    throw badRequest(
      `Unable to find \`op\` in JSON Schema change. It must be one of the following: ${available}.`,
    );
  if (!OPERATIONS.includes(op as PatchOp))
    throw badRequest(
      `Invalid operation: \`${String(op)}\`. It must be one of the following: ${available}.`,
    );
  return op as PatchOp;
}

/** Draft 4 names the operation by its key: `{ "replace": "/name", "value": "x" }`. */
function operation4(change: Record<string, unknown>): PatchOp {
  const ops = OPERATIONS.filter((op) => op in change);
  const members = 'named "add", "remove", or "replace".';
  if (ops.length > 1) throw badRequest(`Operation objects must contain only one member ${members}`);
  if (ops.length === 0)
    throw badRequest(`Operation objects must contain exactly one member ${members}`);
  return ops[0]!;
}

function decodePointer(pointer: string): string[] {
  if (!pointer.startsWith('/')) throw badRequest(`Pointer \`${pointer}\` does not start with "/".`);
  if (/\/\s*?\//.test(pointer.slice(1)))
    throw badRequest(`Pointer \`${pointer}\` contains adjacent "/".`);
  if (pointer.length > 1 && pointer.endsWith('/'))
    throw badRequest(`Pointer \`${pointer}\` end with "/".`);
  if (pointer.slice(1).trim() === '/')
    throw badRequest(`Pointer \`${pointer}\` does not contains valid token.`);
  if (/~[^01]/.test(pointer) || pointer.endsWith('~'))
    throw badRequest(
      `Pointer \`${pointer}\` contains "~" not part of a recognized escape sequence.`,
    );
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~').trim());
}

function validateChange(change: Change): void {
  const root = change.path[0]!;
  if (READ_ONLY.has(root)) throw new GlanceError(403, `Attribute '${root}' is read-only.`);
  if (RESERVED.has(root) || root.startsWith(RESERVED_NAMESPACE))
    throw new GlanceError(403, `Attribute '${root}' is reserved.`);
  if (change.op === 'remove') return;
  if (change.path.length === 1) validateImage({ [root]: change.value });
}
