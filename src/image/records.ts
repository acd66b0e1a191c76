import type { Image } from '../catalog/catalog.js';

/** Glance's image statuses (glance/domain Image.valid_state_targets). */
export type ImageStatus =
  | 'queued'
  | 'saving'
  | 'uploading'
  | 'importing'
  | 'active'
  | 'killed'
  | 'deactivated'
  | 'deleted';

export type ImageVisibility = 'public' | 'private' | 'shared' | 'community';

/** One row of Glance's images table, with its properties and tags folded in. */
export interface ImageRecord {
  readonly id: string;
  name: string | null;
  status: ImageStatus;
  visibility: ImageVisibility;
  protected: boolean;
  osHidden: boolean;
  owner: string | null;
  containerFormat: string | null;
  diskFormat: string | null;
  minDisk: number;
  minRam: number;
  /** Bytes; null until data is uploaded. */
  size: number | null;
  virtualSize: number | null;
  checksum: string | null;
  osHashAlgo: string | null;
  osHashValue: string | null;
  /** Extra properties: Glance keeps them as strings. */
  properties: Record<string, string>;
  tags: string[];
  readonly createdAt: number;
  updatedAt: number;
  /** The uploaded bytes, base64 (plain JSON for snapshots); null when none were kept. */
  data: string | null;
  /** Bytes staged for a glance-direct import, base64. */
  staged: string | null;
  /** Projects a shared image is shared with; absent until the first member is added. */
  members?: ImageMember[];
}

/** A project an image is shared with (Glance's image_members row). */
export interface ImageMember {
  readonly memberId: string;
  status: 'pending' | 'accepted' | 'rejected';
  readonly createdAt: number;
  updatedAt: number;
}

/** Images of Nova's api_samples (doc/api_samples/images), all public and active. */
const SAMPLE_IMAGES: readonly [string, string, Record<string, string>][] = [
  [
    '70a599e0-31e7-49b7-b260-868f441e862b',
    'fakeimage7',
    {
      architecture: 'x86_64',
      auto_disk_config: 'True',
      kernel_id: 'nokernel',
      ramdisk_id: 'nokernel',
    },
  ],
  [
    '155d900f-4e14-4e4c-a73d-069cbf4541e6',
    'fakeimage123456',
    { architecture: 'x86_64', kernel_id: 'nokernel', ramdisk_id: 'nokernel' },
  ],
  [
    'a2459075-d96c-40d5-893e-577ff92e721c',
    'fakeimage123456',
    { kernel_id: 'nokernel', ramdisk_id: 'nokernel' },
  ],
  [
    '76fa36fc-c930-4bf3-8c8a-ea2a2420deb6',
    'fakeimage123456',
    { architecture: 'x86_64', kernel_id: 'nokernel', ramdisk_id: 'nokernel' },
  ],
  [
    'cedef40a-ed67-4d10-800e-17455edce175',
    'fakeimage123456',
    { kernel_id: 'nokernel', ramdisk_id: 'nokernel' },
  ],
  [
    'a440c04b-79fa-479c-bed1-0b816eaec379',
    'fakeimage6',
    {
      architecture: 'x86_64',
      auto_disk_config: 'False',
      kernel_id: 'nokernel',
      ramdisk_id: 'nokernel',
    },
  ],
];

/** The cloud's starting images when the caller gives none. */
export const DEFAULT_IMAGES: readonly Omit<Image, 'createdAt' | 'updatedAt'>[] = SAMPLE_IMAGES.map(
  ([id, name, properties]) => ({
    id,
    name,
    status: 'active' as const,
    minDisk: 0,
    minRam: 0,
    size: 25165824,
    properties,
    visibility: 'public' as const,
    ownerProjectId: null,
    serverId: null,
  }),
);

/**
 * A catalog image (the `createCloud({ catalog: { images } })` input) as a Glance row. Its
 * data is not kept: the checksums are derived from the id so that they stay stable.
 */
export function recordOf(
  image: Omit<Image, 'createdAt' | 'updatedAt'>,
  now: number,
  hex: (algorithm: 'md5' | 'sha512', text: string) => string,
): ImageRecord {
  const uploaded = image.status === 'active';
  const properties = { ...image.properties };
  if (image.serverId && properties.instance_uuid === undefined)
    properties.instance_uuid = image.serverId;
  return {
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    protected: false,
    osHidden: false,
    owner: image.ownerProjectId,
    containerFormat: 'bare',
    diskFormat: 'qcow2',
    minDisk: image.minDisk,
    minRam: image.minRam,
    size: uploaded ? image.size : null,
    virtualSize: null,
    checksum: uploaded ? hex('md5', image.id) : null,
    osHashAlgo: uploaded ? 'sha512' : null,
    osHashValue: uploaded ? hex('sha512', image.id) : null,
    properties,
    tags: [],
    createdAt: now,
    updatedAt: now,
    data: null,
    staged: null,
  };
}

/**
 * The images table: rows by id in creation order (Glance never reuses an id; deleted rows
 * stay, as Glance soft-deletes them).
 */
export class ImageTable {
  readonly rows = new Map<string, ImageRecord>();

  add(record: ImageRecord): ImageRecord {
    this.rows.set(record.id, record);
    return record;
  }

  /** A row that is not deleted. */
  live(id: string): ImageRecord | undefined {
    const row = this.rows.get(id);
    return row && row.status !== 'deleted' ? row : undefined;
  }

  all(): ImageRecord[] {
    return [...this.rows.values()];
  }
}
