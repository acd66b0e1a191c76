import type { Microversion } from './microversion.js';

/** The version documents of `GET /` and `GET /v2.1` (nova/api/openstack/compute/versions.py). */
export function versionList(endpoint: string, max: Microversion) {
  return {
    versions: [
      {
        id: 'v2.0',
        status: 'DEPRECATED',
        version: '',
        min_version: '',
        updated: '2025-07-04T12:00:00Z',
        links: [{ rel: 'self', href: `${endpoint}/v2/` }],
      },
      v21(endpoint, max, false),
    ],
  };
}

export function versionDocument(
  endpoint: string,
  max: Microversion,
  prefix: 'v2' | 'v2.1' = 'v2.1',
) {
  return { version: prefix === 'v2' ? v20(endpoint) : v21(endpoint, max, true) };
}

/** The legacy v2.0 API's document: deprecated, no microversions. */
function v20(endpoint: string) {
  return {
    id: 'v2.0',
    status: 'DEPRECATED',
    version: '',
    min_version: '',
    updated: '2025-07-04T12:00:00Z',
    links: [
      { rel: 'self', href: `${endpoint}/v2/` },
      { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
    ],
    'media-types': [
      { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2' },
    ],
  };
}

function v21(endpoint: string, max: Microversion, full: boolean) {
  const base = {
    id: 'v2.1',
    status: 'CURRENT',
    version: String(max),
    min_version: '2.1',
    updated: '2013-07-23T11:33:21Z',
  };
  if (!full) return { ...base, links: [{ rel: 'self', href: `${endpoint}/v2.1/` }] };
  return {
    ...base,
    links: [
      { rel: 'self', href: `${endpoint}/v2.1/` },
      { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
    ],
    'media-types': [
      { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
    ],
  };
}
