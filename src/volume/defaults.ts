import type { VolumeTypeRecord } from './records.js';

/**
 * DevStack's types: `lvmdriver-1` (the default), Cinder's own `__DEFAULT__`, and
 * `multiattach` (what DevStack makes with ENABLE_VOLUME_MULTIATTACH); plus `lvm-1`, the
 * type Nova's api_samples boot with (servers/v2.67). Fixed ids, so the same cloud always
 * lists the same types.
 */
export const DEFAULT_TYPES: readonly VolumeTypeRecord[] = [
  {
    id: '8c2b9e0a-3f5b-4d71-9a6e-1d2f3c4b5a60',
    name: 'lvmdriver-1',
    description: null,
    isPublic: true,
    extraSpecs: { volume_backend_name: 'lvmdriver-1' },
  },
  {
    id: 'a4b1c2d3-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    name: '__DEFAULT__',
    description: 'Default Volume Type',
    isPublic: true,
    extraSpecs: {},
  },
  {
    id: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
    name: 'multiattach',
    description: null,
    isPublic: true,
    extraSpecs: { multiattach: '<is> True', volume_backend_name: 'lvmdriver-1' },
  },
  {
    id: '5b1e3c2a-7d4f-4e8a-9b6c-2a1d0e9f8c7b',
    name: 'lvm-1',
    description: null,
    isPublic: true,
    extraSpecs: { volume_backend_name: 'lvmdriver-1' },
  },
];

export const DEFAULT_TYPE_ID = DEFAULT_TYPES[0]!.id;
