import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AbortError, ApiError, NetworkError, TimeoutError, UnexpectedResponseError } from '../../runtime/http/errors.js';
import { checkMiAuth, createMiAuthSession, waitForMiAuth, type MiAuthSession } from '../../runtime/miauth.js';
import { closedPort, startFakeMisskey, type FakeMisskey } from '../helpers/fake-misskey.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let fake: FakeMisskey;
beforeAll(async () => {
  fake = await startFakeMisskey({ approveAfterMs: 150 });
});
afterAll(async () => {
  await fake.close();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('createMiAuthSession', () => {
  it('builds the approval URL from the origin alone, with comma-separated permissions', () => {
    const s = createMiAuthSession({
      origin: 'https://misskey.example/api-doc?x=1',
      name: 'My Bot & Co',
      icon: 'https://cdn.example/icon.png',
      callback: 'https://app.example/cb?a=1',
      permissions: ['read:account', 'write:notes'],
    });
    expect(s.session).toMatch(UUID_V4);
    expect(s.origin).toBe('https://misskey.example');
    expect(s.permissions).toEqual(['read:account', 'write:notes']);
    expect(s.url).toBe(
      `https://misskey.example/miauth/${s.session}?name=My%20Bot%20%26%20Co&icon=https:%2F%2Fcdn.example%2Ficon.png` +
        `&callback=https:%2F%2Fapp.example%2Fcb%3Fa%3D1&permission=read:account,write:notes`,
    );
    const parsed = new URL(s.url);
    expect(parsed.searchParams.get('name')).toBe('My Bot & Co');
    expect(parsed.searchParams.get('callback')).toBe('https://app.example/cb?a=1');
    expect(parsed.searchParams.get('permission')).toBe('read:account,write:notes');
  });

  it('omits empty parameters', () => {
    const s = createMiAuthSession({ origin: new URL('http://127.0.0.1:3000') });
    expect(s.url).toBe(`http://127.0.0.1:3000/miauth/${s.session}`);
    expect(s.permissions).toEqual([]);
  });

  it('uses a fresh session id every time', () => {
    const ids = new Set(Array.from({ length: 50 }, () => createMiAuthSession({ origin: 'https://m.example' }).session));
    expect(ids.size).toBe(50);
  });

  it('refuses non-http origins and malformed permissions', () => {
    expect(() => createMiAuthSession({ origin: 'ftp://m.example' })).toThrow(TypeError);
    expect(() => createMiAuthSession({ origin: 'https://m.example', permissions: ['a,b'] })).toThrow(TypeError);
    expect(() => createMiAuthSession({ origin: 'https://m.example', permissions: [''] })).toThrow(TypeError);
  });

  it('returns a frozen session', () => {
    const s = createMiAuthSession({ origin: 'https://m.example', permissions: ['read:account'] });
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.permissions)).toBe(true);
  });
});

describe('checkMiAuth', () => {
  it('says ok:false before approval, the token once after, and ok:false again (2026.7.0)', async () => {
    const server = await startFakeMisskey();
    try {
      const s = createMiAuthSession({ origin: server.origin });
      expect(await checkMiAuth(s)).toEqual({ ok: false });
      const token = server.approve(s.session);
      expect(await checkMiAuth(s)).toEqual({
        ok: true,
        token,
        user: { id: '9xyz', username: 'alice', host: null, name: 'Alice' },
      });
      expect(await checkMiAuth(s)).toEqual({ ok: false });
      const checks = server.requests.filter((r) => r.url === `/api/miauth/${s.session}/check`);
      expect(checks).toHaveLength(3);
      expect(checks.every((r) => r.method === 'POST' && r.body === '{}')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('uses the injected fetch', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => Response.json({ ok: true, token: 'T', user: { username: 'u' } }));
    const s = createMiAuthSession({ origin: 'https://m.example' });
    expect(await checkMiAuth(s, { fetch: fetchMock })).toEqual({ ok: true, token: 'T', user: { username: 'u' } });
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe(`https://m.example/api/miauth/${s.session}/check`);
  });

  it('rejects with UnexpectedResponseError for a body of the wrong shape, without quoting it', async () => {
    const fetchMock = async () => Response.json({ ok: 'yes', token: 'LEAKY' });
    const s = createMiAuthSession({ origin: 'https://m.example' });
    const e = await rejection(checkMiAuth(s, { fetch: fetchMock }));
    expect(e).toBeInstanceOf(UnexpectedResponseError);
    expect(String((e as Error).message)).not.toContain('LEAKY');
    expect(JSON.stringify(e)).not.toContain('LEAKY');
  });

  it('rejects with ApiError for a Misskey error', async () => {
    const fetchMock = async () =>
      Response.json(
        { error: { code: 'RATE_LIMIT_EXCEEDED', id: 'd5826d14', message: 'Rate limit exceeded.', kind: 'client' } },
        { status: 429 },
      );
    const e = await rejection(checkMiAuth(createMiAuthSession({ origin: 'https://m.example' }), { fetch: fetchMock }));
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('RATE_LIMIT_EXCEEDED');
  });

  it('refuses a hand-made session with an unsafe id', async () => {
    const s: MiAuthSession = { session: '../../admin', url: '', permissions: [], origin: 'https://m.example' };
    await expect(checkMiAuth(s)).rejects.toThrow(TypeError);
  });
});

describe('waitForMiAuth', () => {
  it('polls until the server approves, and keeps the token from the first success', async () => {
    const s = createMiAuthSession({ origin: fake.origin, permissions: ['read:account'] });
    const result = await waitForMiAuth<{ username: string }>(s, { intervalMs: 20, timeoutMs: 30_000 });
    expect(result.token).toBe(fake.tokens.get(s.session));
    expect(result.user.username).toBe('alice');
    // The server hands the token out once; a later check is ok:false, so we must not have needed one.
    expect(await checkMiAuth(s)).toEqual({ ok: false });
    const checks = fake.requests.filter((r) => r.url === `/api/miauth/${s.session}/check`);
    expect(checks.length).toBeGreaterThan(1);
  });

  it('stops at the first success even when the server repeats the token (2025.11.1)', async () => {
    const server = await startFakeMisskey({ repeatToken: true });
    try {
      const s = createMiAuthSession({ origin: server.origin });
      const token = server.approve(s.session);
      await expect(waitForMiAuth(s, { intervalMs: 10 })).resolves.toMatchObject({ token });
      expect(server.requests.filter((r) => r.url.startsWith('/api/miauth/'))).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('rejects with TimeoutError when nobody approves', async () => {
    const server = await startFakeMisskey();
    try {
      const s = createMiAuthSession({ origin: server.origin });
      const e = await rejection(waitForMiAuth(s, { intervalMs: 20, timeoutMs: 200 }));
      expect(e).toBeInstanceOf(TimeoutError);
      expect((e as TimeoutError).timeoutMs).toBe(200);
      expect((e as Error).message).toContain('not approved within 0.2 s');
    } finally {
      await server.close();
    }
  });

  it('times out on an injected clock too (fake timers, no real waiting)', async () => {
    vi.useFakeTimers();
    try {
      let checks = 0;
      const fetchMock = async () => {
        checks++;
        return Response.json({ ok: false });
      };
      const s = createMiAuthSession({ origin: 'https://m.example' });
      const waiting = rejection(waitForMiAuth(s, { fetch: fetchMock, intervalMs: 1_000, timeoutMs: 10_000 }));
      await vi.advanceTimersByTimeAsync(11_000);
      const e = await waiting;
      expect(e).toBeInstanceOf(TimeoutError);
      // One check at the start, one per second, one at the deadline.
      expect(checks).toBe(11);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects with AbortError when the signal fires while waiting, and leaves no timer', async () => {
    vi.useFakeTimers();
    try {
      const s = createMiAuthSession({ origin: 'https://m.example' });
      const controller = new AbortController();
      const fetchMock = async () => Response.json({ ok: false });
      const waiting = rejection(waitForMiAuth(s, { fetch: fetchMock, intervalMs: 60_000, signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(1_000);
      expect(vi.getTimerCount()).toBe(1); // the pause between checks
      controller.abort(new Error('user pressed ctrl-c'));
      const e = await waiting;
      expect(e).toBeInstanceOf(AbortError);
      expect(((e as AbortError).cause as Error).message).toBe('user pressed ctrl-c');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects with AbortError at once for an already-aborted signal, without a request', async () => {
    const fetchMock = vi.fn<typeof fetch>();
    const e = await rejection(
      waitForMiAuth(createMiAuthSession({ origin: 'https://m.example' }), {
        fetch: fetchMock,
        signal: AbortSignal.abort(),
      }),
    );
    expect(e).toBeInstanceOf(AbortError);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('rides out a transient 5xx and network error, then succeeds', async () => {
    const answers: (() => Response)[] = [
      () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      () => {
        throw new TypeError('fetch failed');
      },
      () => Response.json({ ok: false }),
      () => Response.json({ ok: true, token: 'T', user: null }),
    ];
    const fetchMock = async () => answers.shift()!();
    await expect(
      waitForMiAuth(createMiAuthSession({ origin: 'https://m.example' }), { fetch: fetchMock, intervalMs: 1 }),
    ).resolves.toEqual({
      token: 'T',
      user: null,
    });
  });

  it('gives up with NetworkError when the server stays unreachable', async () => {
    const port = await closedPort();
    const e = await rejection(
      waitForMiAuth(createMiAuthSession({ origin: `http://127.0.0.1:${port}` }), { intervalMs: 1, timeoutMs: 60_000 }),
    );
    expect(e).toBeInstanceOf(NetworkError);
  });

  it('fails at once on a client error (4xx)', async () => {
    let calls = 0;
    const fetchMock = async () => {
      calls++;
      return Response.json(
        { error: { code: 'ACCESS_DENIED', id: 'x', message: 'no', kind: 'client' } },
        { status: 400 },
      );
    };
    const e = await rejection(
      waitForMiAuth(createMiAuthSession({ origin: 'https://m.example' }), { fetch: fetchMock, intervalMs: 1 }),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(calls).toBe(1);
  });

  it('validates its numbers', async () => {
    const s = createMiAuthSession({ origin: 'https://m.example' });
    await expect(waitForMiAuth(s, { intervalMs: -1 })).rejects.toThrow(RangeError);
    await expect(waitForMiAuth(s, { timeoutMs: Number.NaN })).rejects.toThrow(RangeError);
  });
});
