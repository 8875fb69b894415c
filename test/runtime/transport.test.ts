import { getEventListeners } from 'node:events';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMisskeyClient } from '../../runtime/http/client.js';
import { AbortError, MisskeyError, NetworkError, TimeoutError } from '../../runtime/http/errors.js';
import { closedPort, startServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    '/api/hang': 'hang',
    '/api/reset': 'reset',
    '/api/meta': { body: { version: '2026.7.0' } },
  });
});
afterAll(() => server.close());
afterEach(() => {
  vi.useRealTimers();
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('NetworkError', () => {
  it('connection refused', async () => {
    const port = await closedPort();
    const client = createMisskeyClient({ origin: `http://127.0.0.1:${port}` });
    const e = await rejection(client.call('meta', {}));
    expect(e).toBeInstanceOf(NetworkError);
    expect(e).toBeInstanceOf(MisskeyError);
    expect(e).toMatchObject({ name: 'NetworkError', endpoint: 'meta' });
    expect((e as Error).message).toMatch(/^meta failed: .*ECONNREFUSED/);
    expect((e as Error).cause).toBeInstanceOf(Error);
  });

  it('connection reset before an answer', async () => {
    const client = createMisskeyClient({ origin: server.origin });
    const e = await rejection(client.call('reset', {}));
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as Error).message).toMatch(/^reset failed: /);
  });

  it('a fetch that throws synchronously', async () => {
    const fetchFn = (() => {
      throw new TypeError('boom');
    }) as unknown as typeof fetch;
    const e = await rejection(createMisskeyClient({ origin: server.origin, fetch: fetchFn }).call('meta', {}));
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as Error).message).toBe('meta failed: boom');
  });
});

describe('TimeoutError', () => {
  it('client timeout against a server that never answers', async () => {
    const client = createMisskeyClient({ origin: server.origin, timeoutMs: 150 });
    const e = await rejection(client.call('hang', {}));
    expect(e).toBeInstanceOf(TimeoutError);
    expect(e).toMatchObject({
      name: 'TimeoutError',
      endpoint: 'hang',
      timeoutMs: 150,
      message: 'hang timed out after 150 ms',
    });
  });

  it('per-call timeout wins over the client timeout', async () => {
    const client = createMisskeyClient({ origin: server.origin, timeoutMs: 0 });
    const e = await rejection(client.call('hang', {}, { timeoutMs: 120 }));
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as TimeoutError).timeoutMs).toBe(120);
  });

  it('per-call timeoutMs: 0 disables the client timeout', async () => {
    const client = createMisskeyClient({ origin: server.origin, timeoutMs: 30 });
    const controller = new AbortController();
    const call = rejection(client.call('hang', {}, { timeoutMs: 0, signal: controller.signal }));
    await server.nextRequest();
    // Well past the 30 ms client timeout: had it run, the call would already have failed with TimeoutError.
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    expect(await call).toBeInstanceOf(AbortError);
  });

  it('cuts off a custom fetch that ignores the signal (fake timers)', async () => {
    vi.useFakeTimers();
    const fetchFn = (() => new Promise<Response>(() => {})) as typeof fetch;
    const client = createMisskeyClient({ origin: 'https://misskey.example', fetch: fetchFn, timeoutMs: 5_000 });
    const call = rejection(client.call('meta', {}));
    await vi.advanceTimersByTimeAsync(4_999);
    let settled = false;
    void call.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await call).toBeInstanceOf(TimeoutError);
  });

  it('uses 60 s by default', async () => {
    vi.useFakeTimers();
    const fetchFn = ((_: unknown, init: RequestInit) =>
      new Promise<Response>((_, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )) as typeof fetch;
    const call = rejection(createMisskeyClient({ origin: 'https://misskey.example', fetch: fetchFn }).call('meta', {}));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await call).toMatchObject({ name: 'TimeoutError', timeoutMs: 60_000 });
  });
});

describe('AbortError', () => {
  it('signal aborted before the call: nothing is sent', async () => {
    const before = server.requests.length;
    const client = createMisskeyClient({ origin: server.origin });
    const reason = new Error('user cancelled');
    const e = await rejection(client.call('meta', {}, { signal: AbortSignal.abort(reason) }));
    expect(e).toBeInstanceOf(AbortError);
    expect(e).toMatchObject({ name: 'AbortError', endpoint: 'meta', message: 'meta aborted' });
    expect((e as Error).cause).toBe(reason);
    expect(server.requests.length).toBe(before);
  });

  it('signal aborted while waiting for the server', async () => {
    const client = createMisskeyClient({ origin: server.origin, timeoutMs: 0 });
    const controller = new AbortController();
    const call = rejection(client.call('hang', {}, { signal: controller.signal }));
    await server.nextRequest();
    controller.abort();
    const e = await call;
    expect(e).toBeInstanceOf(AbortError);
    expect(e).not.toBeInstanceOf(TimeoutError);
  });

  it('abort and timeout compose: whichever fires first decides', async () => {
    vi.useFakeTimers();
    const fetchFn = (() => new Promise<Response>(() => {})) as typeof fetch;
    const client = createMisskeyClient({ origin: 'https://misskey.example', fetch: fetchFn, timeoutMs: 1_000 });

    const controller = new AbortController();
    const aborted = rejection(client.call('meta', {}, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await aborted).toBeInstanceOf(AbortError);

    const controller2 = new AbortController();
    const timedOut = rejection(client.call('meta', {}, { signal: controller2.signal }));
    await vi.advanceTimersByTimeAsync(1_000);
    controller2.abort();
    expect(await timedOut).toBeInstanceOf(TimeoutError);
  });
});

describe('cleanup', () => {
  it('leaves no timer and no listener on the caller signal, whatever the outcome', async () => {
    vi.useFakeTimers();
    const responses = [
      () => Promise.resolve(new Response('{"a":1}', { status: 200 })),
      () => Promise.resolve(new Response('{"error":{"code":"X","id":"y","message":"m"}}', { status: 400 })),
      () => Promise.reject(new TypeError('fetch failed')),
    ];
    for (const respond of responses) {
      const fetchFn = respond as unknown as typeof fetch;
      const controller = new AbortController();
      const client = createMisskeyClient({ origin: 'https://misskey.example', fetch: fetchFn, timeoutMs: 10_000 });
      await client.call('meta', {}, { signal: controller.signal }).catch(() => undefined);
      expect(vi.getTimerCount()).toBe(0);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    }
  });

  it('the signal handed to fetch is aborted on timeout, so the request is really cancelled', async () => {
    vi.useFakeTimers();
    let seen: AbortSignal | undefined;
    const fetchFn = ((_: unknown, init: RequestInit) => {
      seen = init.signal ?? undefined;
      return new Promise<Response>(() => {});
    }) as typeof fetch;
    const call = rejection(
      createMisskeyClient({ origin: 'https://misskey.example', fetch: fetchFn, timeoutMs: 100 }).call('meta', {}),
    );
    await vi.advanceTimersByTimeAsync(100);
    await call;
    expect(seen?.aborted).toBe(true);
  });

  it('a timeout really cancels the request: the connection to a server that never answers is closed', async () => {
    // A bare TCP server that reads the request and never answers, so the test sees the socket itself close.
    const sockets: Socket[] = [];
    const closed: Promise<void>[] = [];
    const silent = createNetServer((socket) => {
      socket.resume();
      sockets.push(socket);
      closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const client = createMisskeyClient({ origin: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 150 });
      expect(await rejection(client.call('meta', {}))).toBeInstanceOf(TimeoutError);
      expect(closed).toHaveLength(1);
      // Without a cancelled fetch, the idle socket would stay open (the keep-alive pool keeps it for seconds).
      const outcome = await Promise.race([closed[0]!.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still open'), 2_000))]);
      expect(outcome).toBe('closed');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a timeout while reading a stalled body still fires', async () => {
    server.route('/api/stalled', {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"partial":',
      stall: true,
    });
    const client = createMisskeyClient({ origin: server.origin, timeoutMs: 150 });
    expect(await rejection(client.call('stalled', {}))).toBeInstanceOf(TimeoutError);
  });
});

it('the real server is still usable after all of the above', async () => {
  expect(await createMisskeyClient({ origin: server.origin }).call('meta', {})).toEqual({ version: '2026.7.0' });
});
