import { type Cloud, createCloud } from '../../src/cloud.js';
import type { Auth } from '../../src/service/contract.js';

export interface Keystone {
  readonly cloud: Cloud;
  readonly admin: Auth;
  readonly demo: Auth;
  call(method: string, path: string, body?: unknown, auth?: Partial<Auth>): Answer;
}

export interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON, read field by field
  readonly body: any;
}

/** A default cloud and its Keystone, called in-process as DevStack's admin unless told. */
export function keystone(cloud: Cloud = createCloud()): Keystone {
  const identity = cloud.identity;
  const adminUser = identity.userByName('admin')!;
  const demoUser = identity.userByName('demo')!;
  const admin: Auth = {
    projectId: identity.projectByName('admin')!.id,
    userId: adminUser.id,
    roles: ['admin', 'member', 'reader'],
  };
  const demo: Auth = {
    projectId: identity.projectByName('demo')!.id,
    userId: demoUser.id,
    roles: ['member', 'reader'],
  };
  return {
    cloud,
    admin,
    demo,
    call(method, path, body, auth = admin) {
      const res = cloud.request({
        service: 'identity',
        method,
        path,
        ...(body === undefined ? {} : { body }),
        auth,
      });
      return { status: res.status, body: res.body };
    },
  };
}

export const errorOf = (code: number, message: string) => ({
  error: { code, title: TITLES[code], message },
});

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
};
