/** Cinder's API microversions: 3.0 to 3.71 (api_version_request.py). */
export const MIN_VERSION = '3.0';
export const MAX_VERSION = '3.71';
const UPDATED = '2023-08-31T00:00:00Z';

/** The one known version, with its links, as cinder/api/versions.py builds it. */
export function versionsDocument(endpoint: string) {
  return {
    versions: [
      {
        id: 'v3.0',
        status: 'CURRENT',
        version: MAX_VERSION,
        min_version: MIN_VERSION,
        updated: UPDATED,
        links: [
          { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
          { rel: 'self', href: `${endpoint}/v3/` },
        ],
        'media-types': [
          { base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' },
        ],
      },
    ],
  };
}
