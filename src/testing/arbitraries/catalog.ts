import { SAMPLE_NETWORK_ID } from '../../catalog/catalog.js';

/** The default catalog the generated bodies refer to (Nova's api_samples). */
export const SAMPLE_IMAGES = [
  '70a599e0-31e7-49b7-b260-868f441e862b',
  '155d900f-4e14-4e4c-a73d-069cbf4541e6',
  'a2459075-d96c-40d5-893e-577ff92e721c',
  '76fa36fc-c930-4bf3-8c8a-ea2a2420deb6',
  'cedef40a-ed67-4d10-800e-17455edce175',
  'a440c04b-79fa-479c-bed1-0b816eaec379',
] as const;

/** m1.tiny … m1.xlarge: (vcpus, ram MB) as the quota and capacity checks need them. */
export const SAMPLE_FLAVORS: Readonly<
  Record<string, { vcpus: number; ram: number; disk: number }>
> = {
  '1': { vcpus: 1, ram: 512, disk: 1 },
  '2': { vcpus: 1, ram: 2048, disk: 20 },
  '3': { vcpus: 2, ram: 4096, disk: 40 },
  '4': { vcpus: 4, ram: 8192, disk: 80 },
  '5': { vcpus: 8, ram: 16384, disk: 160 },
};

export const SAMPLE_FLAVOR_IDS = ['1', '2', '3', '4', '5'] as const;

export { SAMPLE_NETWORK_ID };

/** Server names: plain, dotted, dashed, spaced, non-ASCII; none starts or ends with a space. */
export const SERVER_NAMES = [
  'web',
  'db',
  'api',
  'web-db',
  'cache',
  'node.1',
  'wéb',
  'a b',
] as const;
