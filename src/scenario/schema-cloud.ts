import { POLICY_DEFAULTS, POLICY_PERSONAS } from '../api/policy-rules.js';
import { TASK_STATES } from '../compute/states.js';
import { DEFAULT_CONFIG, DEFAULT_QUOTAS } from '../config.js';
import { AGGREGATE_FILTERS } from '../scheduler/aggregate-filters.js';
import {
  ARCHITECTURES,
  DEFAULT_ENABLED_FILTERS,
  FILTER_NAMES,
} from '../scheduler/filter-settings.js';
import { HINT_FILTERS } from '../scheduler/hint-filters.js';
import { WEIGHER_NAMES, WEIGHERS } from '../scheduler/weighers.js';
import { object, ref, type Schema } from './schema-values.js';

// The cloud a scenario describes: config, hosts, catalog, quotas, users.

function configSchema(): Schema {
  const properties: Schema = {};
  for (const [key, value] of Object.entries(DEFAULT_CONFIG)) {
    if (key === 'quotas') properties[key] = ref('quotas');
    else if (key === 'stepMs') properties[key] = ref('stepMs');
    else if (key === 'weigher')
      properties[key] = {
        enum: ['spread', 'pack'],
        description:
          "spread: Nova's default weighers; pack: the RAM, CPU and disk multipliers at -1.0 (stacking).",
      };
    else if (key === 'consoles')
      properties[key] = { type: 'array', items: { enum: ['vnc', 'spice', 'serial', 'mks'] } };
    else properties[key] = { type: typeof value === 'number' ? 'number' : typeof value };
  }
  // Options with no default: off unless given.
  properties.enabledFilters = {
    type: 'array',
    items: { enum: [...FILTER_NAMES] },
    description: `[filter_scheduler] enabled_filters: the host filters that run, in order (default: Nova master's ${DEFAULT_ENABLED_FILTERS.join(', ')}). Filters not listed do not run: same_host and different_host hints are ignored unless SameHostFilter and DifferentHostFilter are listed.`,
  };
  properties.aggregateFilters = {
    type: 'array',
    items: { enum: [...AGGREGATE_FILTERS] },
    description: 'Deprecated: added to enabledFilters.',
  };
  properties.hintFilters = {
    type: 'array',
    items: { enum: [...HINT_FILTERS] },
    description: 'Deprecated: added to enabledFilters.',
  };
  properties.maxIoOpsPerHost = {
    type: 'integer',
    minimum: 0,
    description:
      '[filter_scheduler] max_io_ops_per_host (default 8): IoOpsFilter, and AggregateIoOpsFilter where no aggregate sets it.',
  };
  properties.maxInstancesPerHost = {
    type: 'integer',
    minimum: 1,
    description:
      '[filter_scheduler] max_instances_per_host (default 50): NumInstancesFilter, and AggregateNumInstancesFilter where no aggregate sets it.',
  };
  properties.isolatedImages = {
    type: 'array',
    items: { type: 'string' },
    description:
      '[filter_scheduler] isolated_images: image ids IsolatedHostsFilter keeps on isolatedHosts.',
  };
  properties.isolatedHosts = {
    type: 'array',
    items: { type: 'string' },
    description: '[filter_scheduler] isolated_hosts (IsolatedHostsFilter).',
  };
  properties.restrictIsolatedHostsToIsolatedImages = {
    type: 'boolean',
    description:
      '[filter_scheduler] restrict_isolated_hosts_to_isolated_images (default true): isolated hosts take only isolated images.',
  };
  properties.aggregateImagePropertiesIsolationNamespace = {
    type: 'string',
    description:
      '[filter_scheduler] aggregate_image_properties_isolation_namespace (default unset): AggregateImagePropertiesIsolation reads only aggregate keys with this prefix.',
  };
  properties.aggregateImagePropertiesIsolationSeparator = {
    type: 'string',
    description: '[filter_scheduler] aggregate_image_properties_isolation_separator (default ".").',
  };
  properties.imagePropertiesDefaultArchitecture = {
    enum: [...ARCHITECTURES],
    description:
      '[filter_scheduler] image_properties_default_architecture (default unset): the architecture ImagePropertiesFilter assumes for images without hw_architecture.',
  };
  properties.hostSubsetSize = {
    type: 'integer',
    minimum: 1,
    description:
      '[filter_scheduler] host_subset_size (default 1): the host is drawn (seeded PRNG) from the N best.',
  };
  properties.shuffleBestSameWeighedHosts = {
    type: 'boolean',
    description:
      '[filter_scheduler] shuffle_best_same_weighed_hosts (default false): hosts tied for the best weight are shuffled (seeded PRNG).',
  };
  properties.consecutiveBuildServiceDisableThreshold = {
    type: 'integer',
    minimum: 0,
    description:
      '[compute] consecutive_build_service_disable_threshold (default 10): non-zero, computes count consecutive failed builds for BuildFailureWeigher; 0, they do not. No service is disabled (Nova since Rocky).',
  };
  properties.weightClasses = {
    type: 'array',
    items: { enum: [...WEIGHER_NAMES] },
    description:
      "[filter_scheduler] weight_classes: the weighers that weigh (default: all of Nova's).",
  };
  properties.weightMultipliers = {
    type: 'object',
    properties: Object.fromEntries(
      WEIGHERS.map((w) => [
        w.option,
        {
          type: 'number',
          ...(w.nonNegative ? { minimum: 0 } : {}),
          description: `${w.name}; Nova's default ${w.defaultMultiplier.toFixed(1)}.`,
        },
      ]),
    ),
    additionalProperties: false,
    description:
      "Weigher multipliers by nova.conf option name; omitted ones take Nova's defaults. `weigher: 'pack'` sets the RAM, CPU and disk ones to -1.0.",
  };
  properties.policy = {
    type: 'object',
    properties: Object.fromEntries(
      Object.keys(POLICY_DEFAULTS).map((rule) => [rule, ref('policyPersona')]),
    ),
    additionalProperties: false,
    description:
      "policy.yaml overrides: Nova rule name → persona (admin, project-member-or-admin, …); omitted rules keep Nova master's defaults.",
  };
  return object(properties, [], {
    description:
      "Nova's options (seconds where Nova uses seconds); omitted ones take nova-sim's defaults.",
  });
}

const resources = object({
  vcpus: { type: 'number', minimum: 0 },
  memoryMb: { type: 'number', minimum: 0 },
  diskGb: { type: 'number', minimum: 0 },
});

const hostSizes: Schema = {
  vcpus: { type: 'integer', minimum: 0 },
  memoryMb: { type: 'integer', minimum: 0 },
  diskGb: { type: 'integer', minimum: 0 },
  reserved: resources,
  allocationRatio: resources,
  availabilityZone: { type: 'string' },
  traits: { type: 'array', items: { type: 'string' } },
  supportedInstances: {
    type: 'array',
    items: object(
      {
        architecture: { type: 'string' },
        hypervisorType: { type: 'string' },
        vmMode: { type: 'string' },
      },
      ['architecture', 'hypervisorType', 'vmMode'],
    ),
  },
  hypervisorVersion: { type: 'integer' },
};

/** Definitions of the cloud options. */
export const CLOUD_DEFINITIONS: Schema = {
  policyPersona: {
    enum: [...POLICY_PERSONAS],
    description: "One of Nova's default check strings (nova/policies/base.py).",
  },
  quotas: {
    type: 'object',
    properties: Object.fromEntries(
      Object.keys(DEFAULT_QUOTAS).map((key) => [key, { type: 'integer', minimum: -1 }]),
    ),
    additionalProperties: false,
    description: 'Per-project limits; -1 is unlimited.',
  },
  stepMs: {
    type: 'object',
    description: 'Virtual ms of each task step, by task_state ("none": a step with no task).',
    properties: Object.fromEntries(
      [...TASK_STATES, 'none', 'default'].map((key) => [key, { type: 'number', minimum: 0 }]),
    ),
    additionalProperties: false,
  },
  config: configSchema(),
  hostSpec: object({ name: { type: 'string', minLength: 1 }, ...hostSizes }, ['name']),
  hosts: {
    description: '{ count, ...sizes } for identical hosts named compute-1…, or a list of hosts.',
    anyOf: [
      object(
        {
          count: { type: 'integer', minimum: 0 },
          namePrefix: { type: 'string' },
          ...hostSizes,
        },
        ['count'],
      ),
      { type: 'array', items: ref('hostSpec') },
    ],
  },
  flavor: {
    type: 'object',
    required: ['id', 'name', 'vcpus', 'ram', 'disk'],
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      vcpus: { type: 'integer', minimum: 1 },
      ram: { type: 'integer', minimum: 1 },
      disk: { type: 'integer', minimum: 0 },
      ephemeral: { type: 'integer', minimum: 0 },
      swap: { type: 'integer', minimum: 0 },
      rxtxFactor: { type: 'number' },
      isPublic: { type: 'boolean' },
      disabled: { type: 'boolean' },
      description: { type: ['string', 'null'] },
      extraSpecs: { type: 'object', additionalProperties: { type: 'string' } },
    },
    additionalProperties: false,
  },
  catalog: object(
    {
      flavors: {
        type: 'array',
        items: ref('flavor'),
        description: 'Replaces the default flavors.',
      },
      images: {
        type: 'array',
        items: object(
          {
            id: { type: 'string' },
            name: { type: 'string' },
            status: { enum: ['active', 'queued', 'saving', 'deleted'] },
            minDisk: { type: 'integer', minimum: 0 },
            minRam: { type: 'integer', minimum: 0 },
            size: { type: 'integer', minimum: 0 },
            properties: { type: 'object', additionalProperties: { type: 'string' } },
            visibility: { enum: ['public', 'private'] },
            ownerProjectId: { type: ['string', 'null'] },
          },
          ['id', 'name'],
        ),
        description: 'Replaces the default images.',
      },
      networks: {
        type: 'array',
        items: object(
          { id: { type: 'string' }, name: { type: 'string' }, cidr: { type: 'string' } },
          ['id', 'name', 'cidr'],
        ),
      },
    },
    [],
    { description: 'Flavors, images and networks (default: those of the api_samples).' },
  ),
  user: object(
    {
      project: { type: 'string', minLength: 1, description: 'Project id.' },
      userId: { type: 'string', minLength: 1, description: 'Default: the user name.' },
      roles: { type: 'array', items: { type: 'string' }, description: 'Default ["member"].' },
    },
    ['project'],
  ),
};
