/**
 * Nova's `MAX_PROXY_API_SUPPORT_VERSION`: the proxies to Neutron, Cinder and Glance answer
 * up to 2.35 and 404 from 2.36 (nova/api/openstack/api_version_request.py).
 */
export const LAST_PROXY_VERSION = '2.35';
