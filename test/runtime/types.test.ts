/**
 * Type-level contract of request() and the error classes. vitest does not type-check: these
 * assertions bite when test/types/test-tree.test.ts compiles the test tree with tsc 5.9 and 7.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { createMisskeyClient, type MisskeyClient } from '../../runtime/http/client.js';
import type { CallOptions, RequestArgs, Transport } from '../../runtime/http/client.js';
import { ApiError, isApiError } from '../../runtime/http/errors.js';

type Endpoints = {
  'notes/create': {
    params: { text: string; cw?: string };
    result: { createdNote: { id: string } };
    errors: 'NO_SUCH_NOTE';
  };
  meta: { params: { detail?: boolean }; result: { version: string }; errors: never };
  'i/read-all': { params: Record<string, never>; result: void; errors: never };
};

describe('types', () => {
  it('request() looks up params and result in the endpoint map', () => {
    const client = createMisskeyClient<Endpoints>({ origin: 'https://misskey.example' });
    // Never called: only the types matter.
    const check = () => {
      expectTypeOf(client.request('notes/create', { text: 'x' })).toEqualTypeOf<
        Promise<{ createdNote: { id: string } }>
      >();
      expectTypeOf(client.request('meta')).toEqualTypeOf<Promise<{ version: string }>>();
      void client.request('meta', { detail: true }, { timeoutMs: 5 });
      void client.request('i/read-all');
      // @ts-expect-error required params missing
      void client.request('notes/create');
      // @ts-expect-error wrong param type
      void client.request('notes/create', { text: 1 });
      // @ts-expect-error unknown endpoint
      void client.request('notes/delete', {});
    };
    void check;
    // A hand-written map names no access rules: a scoped client may call each of its endpoints too.
    const scoped = createMisskeyClient<Endpoints, 'read:account'>({ origin: 'https://misskey.example' });
    const checkScoped = () => void scoped.request('meta');
    void checkScoped;
    expectTypeOf<RequestArgs<Endpoints['meta']>>().toEqualTypeOf<
      [params?: { detail?: boolean }, options?: CallOptions]
    >();
    expectTypeOf<MisskeyClient<Endpoints>>().toExtend<Transport>();
  });

  it('ApiError narrows its code', () => {
    const e: unknown = new ApiError<'NO_SUCH_NOTE'>({
      endpoint: 'notes/create',
      status: 400,
      error: { code: 'NO_SUCH_NOTE' },
    });
    if (isApiError(e)) expectTypeOf(e.code).toEqualTypeOf<string>();
    expectTypeOf<ApiError<'NO_SUCH_NOTE'>['code']>().toEqualTypeOf<'NO_SUCH_NOTE'>();
  });
});
