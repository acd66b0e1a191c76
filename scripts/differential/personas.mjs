// What both sides of the differential share with nova_driver.py: the harness's project,
// another project, the image its fake Glance serves, and the personas steps run as.

export const PROJECT = '6f70656e737461636b20342065766572';
export const OTHER_PROJECT = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
export const IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6';

/** The simulator's `auth` for each persona a step may name (`as`), as nova_driver.py sends them. */
export const PERSONAS = {
  admin: { userId: 'admin', projectId: PROJECT, roles: ['reader', 'member', 'admin'] },
  member: { userId: 'fake', projectId: PROJECT, roles: ['reader', 'member'] },
  reader: { userId: 'reader', projectId: PROJECT, roles: ['reader'] },
  other: { userId: 'other', projectId: OTHER_PROJECT, roles: ['reader', 'member'] },
};
