/** Faults on demand: 429 with Retry-After, an HTML 502, slow answers, and a restart that drops sockets and refuses connections for a while. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startMock, type Mock } from '../../../generator/mock/index.js';
import { callApi, errorCode, openStream } from '../../helpers/mock-client.js';

let mock: Mock;
beforeEach(async () => {
  mock = await startMock({ seed: 'faults' });
});
afterEach(() => mock.close());

it('rate limits the next call(s) with 429 RATE_LIMIT_EXCEEDED, Retry-After and the info real servers send', async () => {
  mock.faults.rateLimit({ endpoint: 'meta', times: 1, retryAfter: 2 });
  const other = await callApi(mock.origin, 'stats', {});
  const limited = await callApi(mock.origin, 'meta', {});
  const after = await callApi(mock.origin, 'meta', {});
  expect(other.status).toBe(200);
  expect([limited.status, errorCode(limited), limited.headers.get('retry-after')]).toEqual([429, 'RATE_LIMIT_EXCEEDED', '2']);
  expect((limited.json as { error: { info: object } }).error.info).toMatchObject({ remaining: 0, reset: 2, resetMs: expect.any(Number) });
  expect(after.status).toBe(200);
});

it('answers with the HTML 502 a proxy sends', async () => {
  mock.faults.badGateway(1);
  const res = await fetch(`${mock.origin}/api/meta`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect([res.status, res.headers.get('content-type')]).toEqual([502, 'text/html']);
  expect(await res.text()).toContain('<h1>502 Bad Gateway</h1>');
  expect((await callApi(mock.origin, 'meta', {})).status).toBe(200);
});

it('slows every answer down when asked', async () => {
  mock.faults.slow(300);
  const started = performance.now();
  await callApi(mock.origin, 'meta', {});
  expect(performance.now() - started).toBeGreaterThanOrEqual(290);
});

it('restarts: sockets dropped, connections refused while down, then the same origin serves again with the state kept', async () => {
  const note = mock.post({ text: 'kept' });
  const stream = await openStream(mock.origin, mock.tokens['alice']);
  const closed = new Promise<number>((resolve) => stream.socket.once('close', resolve));
  const restarting = mock.restart({ downMs: 500 });
  expect(await closed).toBe(1006);
  await new Promise((resolve) => setTimeout(resolve, 100));
  await expect(fetch(`${mock.origin}/api/meta`, { method: 'POST', body: '{}' })).rejects.toThrow();
  await restarting;
  const shown = await callApi(mock.origin, 'notes/show', { noteId: note['id'] });
  expect((shown.json as { text: string }).text).toBe('kept');
});
