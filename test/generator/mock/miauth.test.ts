/** MiAuth on the mock: the page, the check (token once, as on 2026.7.0), approval by a helper or by --approve, and the granted permissions enforced. */
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { startMock, type Mock } from '../../../generator/mock/index.js';
import { callApi, errorCode } from '../../helpers/mock-client.js';

let mock: Mock | undefined;
afterEach(() => mock?.close());

it('checks {ok:false} before approval, hands the token out once after, and the token holds exactly what was asked', async () => {
  mock = await startMock();
  const session = randomUUID();
  const page = await fetch(`${mock.origin}/miauth/${session}?name=${encodeURIComponent('<b>Bot</b>')}&permission=read:account,write:notes`);
  const html = await page.text();
  expect(html).toContain('&#60;b&#62;Bot&#60;/b&#62;');
  expect(html).not.toContain('<b>Bot</b>');
  expect((await callApi(mock.origin, `miauth/${session}/check`, {})).json).toEqual({ ok: false });
  const token = mock.approve(session);
  const first = (await callApi(mock.origin, `miauth/${session}/check`, {})).json as { ok: boolean; token: string; user: { username: string } };
  expect([first.ok, first.token, first.user.username]).toEqual([true, token, 'alice']);
  expect((await callApi(mock.origin, `miauth/${session}/check`, {})).json).toEqual({ ok: false });
  expect((await callApi(mock.origin, 'notes/create', { i: token, text: 'ok' })).status).toBe(200);
  const refused = await callApi(mock.origin, 'drive/files', { i: token });
  expect([refused.status, errorCode(refused)]).toEqual([403, 'PERMISSION_DENIED']);
});

it('with approve: true, opening the page approves (and redirects to the callback with the session)', async () => {
  mock = await startMock({ approve: 'bob' });
  const session = randomUUID();
  const page = await fetch(`${mock.origin}/miauth/${session}?permission=read:account&callback=${encodeURIComponent('https://app.invalid/done')}`, { redirect: 'manual' });
  expect([page.status, page.headers.get('location')]).toEqual([302, `https://app.invalid/done?session=${session}`]);
  const check = (await callApi(mock.origin, `miauth/${session}/check`, {})).json as { ok: boolean; user: { username: string } };
  expect([check.ok, check.user.username]).toEqual([true, 'bob']);
});
