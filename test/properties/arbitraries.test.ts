import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { Microversion } from '../../src/api/microversion.js';
import { ACTION_SCHEMAS } from '../../src/api/validation/schemas/index.js';
import { validateBody } from '../../src/api/validation/validate.js';
import { createCloud } from '../../src/index.js';
import { BODY_ACTIONS } from '../../src/testing/arbitraries/action-body.js';
import {
  actionBody,
  captureState,
  createBody,
  INTERESTING_MICROVERSIONS,
  invalidActionBody,
  invalidCreateBody,
  listQuery,
  listQueryString,
  memberAuth,
  REFERENCE_ACTIONS,
} from '../../src/testing/index.js';
import { numRuns, propertySeed, TIMEOUT } from './support.js';

const headers = (v: string) => ({ 'OpenStack-API-Version': `compute ${v}` });
const auth = memberAuth('alpha');
const version = fc.constantFrom(...INTERESTING_MICROVERSIONS);
const max = Microversion.of('2.104');
const at = (v: string) => (v === 'latest' ? max : Microversion.of(v));
// One cloud for all runs: building a cloud costs more than a request.
const unlimited = { quotas: { instances: -1, cores: -1, ram: -1 } };
const shared = createCloud({ seed: 1, config: unlimited });
const empty = createCloud({ seed: 1, config: unlimited });

describe('generated bodies are what they claim to be', () => {
  test.prop([version.chain((v) => fc.tuple(fc.constant(v), createBody({ version: v })))], {
    numRuns: numRuns(100),
    seed: propertySeed(),
  })(
    'a valid create body is accepted',
    ([v, body]) => {
      const res = shared.request({
        method: 'POST',
        path: '/v2.1/servers',
        headers: headers(v),
        body,
        auth,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    },
    TIMEOUT,
  );

  test.prop([version.chain((v) => fc.tuple(fc.constant(v), invalidCreateBody({ version: v })))], {
    numRuns: numRuns(100),
    seed: propertySeed(),
  })(
    'an invalid create body is a 400 that changes nothing',
    ([v, { reason, body }]) => {
      const before = captureState(empty);
      const res = empty.request({
        method: 'POST',
        path: '/v2.1/servers',
        headers: headers(v),
        body,
        auth,
      });
      expect(res.status, `${reason}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(captureState(empty)).toBe(before);
    },
    TIMEOUT,
  );

  test.prop(
    [
      fc.tuple(version, fc.constantFrom(...BODY_ACTIONS)).chain(([v, action]) =>
        fc.tuple(
          fc.constant(v),
          fc.constant(action),
          actionBody(action, {
            version: v,
            hosts: ['compute-1'],
            zones: ['nova'],
            isAdmin: true,
          }),
        ),
      ),
    ],
    { numRuns: numRuns(300), seed: propertySeed() },
  )(
    "an action body passes the action's schema at its microversion",
    ([v, action, body]) => {
      const row = REFERENCE_ACTIONS[action];
      const schema = ACTION_SCHEMAS[row.bodyKey]?.(at(v));
      if (row.minVersion !== undefined && at(v).below(row.minVersion)) {
        expect(schema).toBeUndefined();
        return;
      }
      expect(schema).toBeDefined();
      expect(() => validateBody(schema!, body)).not.toThrow();
    },
    TIMEOUT,
  );

  test.prop([version.chain((v) => fc.tuple(fc.constant(v), invalidActionBody({ version: v })))], {
    numRuns: numRuns(100),
    seed: propertySeed(),
  })(
    'an invalid action body is a 400 before any lookup',
    ([v, { reason, body }]) => {
      const res = empty.request({
        method: 'POST',
        path: '/v2.1/servers/00000000-0000-4000-8000-000000000000/action',
        headers: headers(v),
        body,
        auth,
      });
      expect(res.status, `${reason}: ${JSON.stringify(res.body)}`).toBe(400);
    },
    TIMEOUT,
  );

  test.prop([version, listQuery()], { numRuns: numRuns(100), seed: propertySeed() })(
    'a list query is accepted',
    (v, query) => {
      const path = `/v2.1/servers${query.detail ? '/detail' : ''}?${listQueryString(query, shared.clock.now())}`;
      const res = shared.request({ method: 'GET', path, headers: headers(v), auth });
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    },
    TIMEOUT,
  );
});
