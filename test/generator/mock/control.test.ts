/** `POST /__mock/{action}`: the library API over HTTP, for a mock run from the command line. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startMock, type Mock } from '../../../generator/mock/index.js';
import { callApi, errorCode } from '../../helpers/mock-client.js';

let mock: Mock;
beforeEach(async () => {
  mock = await startMock({ seed: 'control', controlRoutes: true });
});
afterEach(() => mock.close());

const act = async (action: string, body: object = {}) => {
  const res = await fetch(`${mock.origin}/__mock/${action}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
};

it('posts a note, rate limits, sends a 502, and says which actions there are', async () => {
  const posted = await act('post', { text: 'from outside', user: 'bob' });
  const shown = await callApi(mock.origin, 'notes/show', { noteId: posted.json['note'].id });
  expect((shown.json as { text: string; user: { username: string } }).user.username).toBe('bob');
  await act('rate-limit', { endpoint: 'meta', retryAfter: 3 });
  const limited = await callApi(mock.origin, 'meta', {});
  expect([limited.status, errorCode(limited), limited.headers.get('retry-after')]).toEqual([429, 'RATE_LIMIT_EXCEEDED', '3']);
  await act('bad-gateway');
  expect((await callApi(mock.origin, 'meta', {})).status).toBe(502);
  const unknown = await act('nope');
  expect([unknown.status, unknown.json['error']]).toEqual([404, expect.stringContaining('there are rate-limit, slow, bad-gateway, clear, restart, post, approve')]);
});

it('restarts after answering: the answer arrives, then connections are refused, then it serves again', async () => {
  expect((await act('restart', { downMs: 400 })).json).toEqual({ ok: true });
  await new Promise((resolve) => setTimeout(resolve, 150));
  await expect(fetch(`${mock.origin}/api/meta`, { method: 'POST', body: '{}' })).rejects.toThrow();
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect((await callApi(mock.origin, 'meta', {})).status).toBe(200);
});

it('is not served unless asked for (the library API has it as methods)', async () => {
  const plain = await startMock();
  try {
    const res = await fetch(`${plain.origin}/__mock/post`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  } finally {
    await plain.close();
  }
});
