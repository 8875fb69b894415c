/**
 * Each of probe's safety rules (generator/probe/plan.ts), alone. Every test starts from one fixture
 * endpoint that passes all the rules and changes the one thing its rule looks at, so that rule alone
 * decides: without it, the endpoint would be called. (On the real specs most endpoints are caught by
 * several rules at once, so a rule can go missing there without any test noticing.)
 */
import { describe, expect, it } from 'vitest';
import type { Endpoint, JsonSchema } from '../../../generator/model/types.js';
import { SIDE_EFFECTS, planProbe, type ProbePlan } from '../../../generator/probe/plan.js';
import { model } from '../../helpers/model.js';

/** Passes every rule: a read: permission, no action word, a JSON result, only optional params. */
function safe(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    name: 'widgets/list',
    identifier: 'widgetsList',
    typeBase: 'WidgetsList',
    credential: true,
    permission: 'read:widgets',
    internal: false,
    allowGet: false,
    deprecated: false,
    body: { kind: 'json', schema: params({ limit: { type: 'integer', minimum: 1, maximum: 100 } }) },
    result: { kind: 'json', schema: { type: 'array', items: { type: 'object' } } },
    errors: [],
    rateLimited: false,
    description: '',
    ...overrides,
  };
}

function params(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return { type: 'object', properties, required };
}

function plan(endpoint: Endpoint, token = true): ProbePlan {
  return planProbe(model({ endpoints: [endpoint], permissions: endpoint.permission === null ? [] : [endpoint.permission] }), { token });
}

/** The endpoint is not called, and the skip names `reason`. */
function expectSkipped(endpoint: Endpoint, reason: string, token = true) {
  const { calls, skipped } = plan(endpoint, token);
  expect(calls).toEqual([]);
  expect(skipped).toEqual([{ endpoint: endpoint.name, reason, detail: expect.any(String) }]);
  return skipped[0]!;
}

describe('probe safety rules, each alone on a fixture', () => {
  it('the fixture passes every rule: it is called, with the token', () => {
    expect(plan(safe())).toEqual({ calls: [{ endpoint: 'widgets/list', params: {}, authenticated: true }], skipped: [] });
  });

  it('write permission: an endpoint whose permission is not read: is never called', () => {
    for (const permission of ['write:widgets', 'write:admin:widgets', 'widgets']) {
      expect(expectSkipped(safe({ permission }), 'write-permission').detail).toBe(`permission ${permission} is not read-only`);
    }
  });

  it.each(Object.entries(SIDE_EFFECTS).filter(([, effect]) => effect.unlessParams === undefined))(
    'side-effect table: %s, a read that writes, is never called',
    (name, effect) => {
      expect(expectSkipped(safe({ name, permission: 'read:account' }), 'side-effect').detail).toBe(effect.effect);
    },
  );

  it.each(Object.entries(SIDE_EFFECTS).filter(([, effect]) => effect.unlessParams !== undefined))(
    'side-effect table: %s is called only with the params that stop it, and skipped where the spec lacks them',
    (name, effect) => {
      const stoppers = effect.unlessParams!;
      const declared = Object.fromEntries(Object.keys(stoppers).map((p): [string, JsonSchema] => [p, { type: 'boolean' }]));
      const withStoppers = safe({ name, permission: 'read:notifications', body: { kind: 'json', schema: params(declared) } });
      expect(plan(withStoppers).calls).toEqual([{ endpoint: name, params: stoppers, authenticated: true }]);
      const without = safe({ name, permission: 'read:notifications', body: { kind: 'json', schema: params({}) } });
      expect(expectSkipped(without, 'side-effect').detail).toContain("this server's spec has no");
    },
  );

  it('internal: an internal endpoint is never called', () => {
    expectSkipped(safe({ internal: true }), 'internal');
  });

  it('action word: an endpoint whose name has one is never called, whatever its permission', () => {
    expect(expectSkipped(safe({ name: 'widgets/create' }), 'write-name').detail).toContain('"create"');
    expectSkipped(safe({ name: 'reset-db', credential: false, permission: null }), 'write-name');
  });

  it('no result: an endpoint that returns nothing is never called', () => {
    expectSkipped(safe({ result: { kind: 'void' } }), 'no-result');
  });

  it('upload: a multipart endpoint is never called, even with no required part', () => {
    expectSkipped(safe({ body: { kind: 'multipart', schema: params({ file: { type: 'string', format: 'binary' } }) } }), 'upload');
  });

  it('full access: a credential endpoint that names no permission is never called', () => {
    expectSkipped(safe({ permission: null }), 'full-access-only');
  });

  it('no token: a credential endpoint is not called when no token is given', () => {
    expect(expectSkipped(safe(), 'needs-token', false).detail).toContain('read:widgets');
  });

  it('required params: an endpoint is not called when a required param has no obvious value', () => {
    expect(expectSkipped(safe({ body: { kind: 'json', schema: params({ widgetId: { type: 'string' } }, ['widgetId']) } }), 'required-params').detail).toBe('needs widgetId');
    // `limit` is only obvious as a number.
    expectSkipped(safe({ body: { kind: 'json', schema: params({ limit: { type: 'string' } }, ['limit']) } }), 'required-params');
  });

  it('required params: an endpoint whose params are a composition is not called (a required param may hide in it)', () => {
    const composed = { allOf: [params({ widgetId: { type: 'string' } }, ['widgetId'])] };
    expect(expectSkipped(safe({ body: { kind: 'json', schema: composed } }), 'required-params').detail).toBe('needs one of several parameter sets');
  });

  it('required params: obvious values are the first non-null enum member, a bounded limit and offset 0', () => {
    const schema = params(
      {
        span: { enum: [null, 'day', 'hour'] },
        limit: { type: 'integer', minimum: 20, maximum: 100 },
        offset: { type: 'integer' },
      },
      ['span', 'limit', 'offset'],
    );
    expect(plan(safe({ body: { kind: 'json', schema } })).calls[0]?.params).toEqual({ span: 'day', limit: 20, offset: 0 });
    const small = params({ limit: { type: 'integer', maximum: 5 } }, ['limit']);
    expect(plan(safe({ body: { kind: 'json', schema: small } })).calls[0]?.params).toEqual({ limit: 5 });
  });

  it('markAsRead: any endpoint that takes it is sent false, not only those in the side-effect table', () => {
    const takesIt = safe({ body: { kind: 'json', schema: params({ markAsRead: { type: 'boolean' } }) } });
    expect(plan(takesIt).calls).toEqual([{ endpoint: 'widgets/list', params: { markAsRead: false }, authenticated: true }]);
  });

  it('the token goes only to endpoints that name a read: permission', () => {
    const anonymous = safe({ credential: false, permission: null });
    expect(plan(anonymous).calls).toEqual([{ endpoint: 'widgets/list', params: {}, authenticated: false }]);
    // Optional credential with a permission: the token shows the account's view, and the permission only reads.
    const optional = safe({ credential: false, permission: 'read:widgets' });
    expect(plan(optional).calls).toEqual([{ endpoint: 'widgets/list', params: {}, authenticated: true }]);
  });
});
