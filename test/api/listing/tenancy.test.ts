import { describe, expect, it } from 'vitest';
import {
  admin,
  boot,
  fault,
  ids,
  list,
  member,
  newCloud,
  OTHER,
  PROJECT,
  settle,
} from './helpers.js';

function twoProjects() {
  const cloud = newCloud();
  const [mine] = boot(cloud, { name: 'mine' }, member(PROJECT));
  cloud.clock.advance(1000);
  const [theirs] = boot(cloud, { name: 'theirs' }, member(OTHER, 'bob'));
  cloud.clock.advance(1000);
  const [root] = boot(cloud, { name: 'root' }, admin());
  settle(cloud);
  return { cloud, mine: mine!.id, theirs: theirs!.id, root: root!.id };
}

describe('tenancy (§6.2)', () => {
  it("lists only the caller's project, admins included", () => {
    const { cloud, mine, root } = twoProjects();
    expect(ids(list(cloud))).toEqual([mine]);
    expect(ids(list(cloud, { caller: admin() }))).toEqual([root]);
  });

  it('forbids all_tenants to members, naming the index or detail policy', () => {
    const { cloud } = twoProjects();
    expect(fault(list(cloud, { query: 'all_tenants=1', detail: false }))).toEqual({
      code: 403,
      message: "Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed.",
    });
    // Present with no value means true.
    expect(fault(list(cloud, { query: 'all_tenants' }))).toEqual({
      code: 403,
      message:
        "Policy doesn't allow os_compute_api:servers:detail:get_all_tenants to be performed.",
    });
  });

  it('treats a false all_tenants as absent, and rejects a value that is no boolean', () => {
    const { cloud, mine } = twoProjects();
    expect(ids(list(cloud, { query: 'all_tenants=0' }))).toEqual([mine]);
    expect(fault(list(cloud, { query: 'all_tenants=everyone' }))).toEqual({
      code: 400,
      message:
        "Invalid input received: Unrecognized value 'everyone', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'",
    });
  });

  it('lists every project for an admin with all_tenants, narrowed by project_id or tenant_id', () => {
    const { cloud, mine, theirs, root } = twoProjects();
    const caller = admin();
    expect(ids(list(cloud, { query: 'all_tenants=true', caller }))).toEqual([root, theirs, mine]);
    expect(ids(list(cloud, { query: `all_tenants=1&project_id=${OTHER}`, caller }))).toEqual([
      theirs,
    ]);
    expect(ids(list(cloud, { query: `all_tenants=1&tenant_id=${PROJECT}`, caller }))).toEqual([
      mine,
    ]);
  });

  it('ignores tenant_id and project_id without all_tenants', () => {
    const { cloud, root } = twoProjects();
    expect(ids(list(cloud, { query: `tenant_id=${OTHER}`, caller: admin() }))).toEqual([root]);
    expect(ids(list(cloud, { query: `project_id=${OTHER}`, caller: admin() }))).toEqual([root]);
  });

  it('keeps the status filter within the project', () => {
    const { cloud, mine } = twoProjects();
    expect(ids(list(cloud, { query: 'status=ACTIVE' }))).toEqual([mine]);
  });
});
