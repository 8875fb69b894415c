/**
 * Issue #7: the generated JavaScript package in a real browser. It is bundled with esbuild from the
 * package as an app would (by name, through its `exports`), served from one 127.0.0.1 origin and
 * loaded in headless Chromium (driven by playwright-core), which calls endpoints on a second origin —
 * a server answering CORS as Misskey does (`Access-Control-Allow-Origin: *`, preflights answered) —
 * and receives a streamed note over the browser's own WebSocket from a third.
 *
 * Needs Chromium at /usr/bin/chromium (or $CHROMIUM_PATH); without it, the tests are skipped and say why
 * (in CI, MISSKEY_CODEGEN_REQUIRE_ALL=1, the file fails instead).
 */
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/generate.js';
import { missingPrerequisite } from '../../helpers/prerequisites.js';
import { startServer, type RecordedRequest, type Reply, type ScriptedResponse, type TestServer } from '../../helpers/http-server.js';
import { startStreamServer, waitFor, type StreamServer } from '../../helpers/ws-server.js';
import { writeJsPackage } from '../../helpers/portability.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) missingPrerequisite(`Chromium, none at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`, 'the browser test of the generated package');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TOKEN = 'tok-browser-secret';

/** The app: what a web client does with the package, exposed to the test as `window.misskeyTest`. */
const APP = `
import { ApiError, createClient, i, isEndpointError, notesShow } from 'misskey-api';
import { Stream } from 'misskey-api/runtime/stream';

window.misskeyTest = {
  async api(origin, token) {
    const client = createClient({ origin, token });
    const me = await i(client);
    let error = null;
    try {
      await notesShow(client, { noteId: 'missing' });
    } catch (e) {
      error = { name: e.name, isApiError: e instanceof ApiError, narrowed: isEndpointError(e, 'notes/show'), code: e.code, status: e.status };
    }
    return { me, error };
  },
  openStream(origin, token) {
    const stream = new Stream({ origin, token });
    this.note = new Promise((resolve, reject) => {
      stream.channel('homeTimeline').on('note', resolve);
      stream.onState((state) => state === 'closed' && reject(new Error('stream closed: ' + (stream.error && stream.error.kind))));
    });
    this.closeStream = () => stream.close();
  },
};
document.title = 'ready';
`;

/** What @fastify/cors (registered by Misskey's API server with `origin: '*'`) answers. */
function misskeyCors(reply: ScriptedResponse): (req: RecordedRequest) => Reply {
  return (req) => {
    if (req.method !== 'OPTIONS') return { ...reply, headers: { 'access-control-allow-origin': '*', ...reply.headers } };
    const headers: Record<string, string> = {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
      'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? ''),
    };
    return { status: 204, headers };
  };
}

describe.skipIf(!available)('the generated JavaScript package in headless Chromium', () => {
  let work: string | undefined;
  let site: Server;
  let siteOrigin: string;
  let api: TestServer;
  let stream: StreamServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    work = tempDir('mkcg-browser-');
    const pkgDir = join(work, 'pkg');
    await writeJsPackage(pkgDir);
    mkdirSync(join(work, 'app/node_modules'), { recursive: true });
    symlinkSync(pkgDir, join(work, 'app/node_modules/misskey-api'), 'dir');
    const bundled = await build({
      stdin: { contents: APP, resolveDir: join(work, 'app'), sourcefile: 'app.js', loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const script = bundled.outputFiles[0]!.text;

    site = createServer((req, res) => {
      if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>loading</title><script type="module" src="/app.js"></script>');
      else if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else if (req.url === '/favicon.ico') res.writeHead(204).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    api = await startServer({
      '/api/i': misskeyCors({ body: { id: 'u1', username: 'alice' } }),
      '/api/notes/show': misskeyCors({
        status: 400,
        body: { error: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '24fcbfc6-2e37-42b6-8388-c29b3861a08d', kind: 'client' } },
      }),
    });
    stream = await startStreamServer({ token: TOKEN });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      // Chromium logs every non-2xx response as an error; the 400 here is one the test asks for.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
    });
    await page.goto(`${siteOrigin}/`);
    await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await stream?.close();
    if (site) await new Promise<void>((resolve) => site.close(() => resolve()));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('calls endpoints on another origin: preflight answered, JSON result, a typed ApiError', async () => {
    const result = await page.evaluate(([origin, token]) => (window as any).misskeyTest.api(origin, token), [api.origin, TOKEN] as const);
    expect(result.me).toEqual({ id: 'u1', username: 'alice' });
    expect(result.error).toEqual({ name: 'ApiError', isApiError: true, narrowed: true, code: 'NO_SUCH_NOTE', status: 400 });
    const posts = api.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.path)).toEqual(['/api/i', '/api/notes/show']);
    // It really came from the page, cross-origin, with the token in the body.
    expect(posts[0]!.headers.origin).toBe(siteOrigin);
    expect(posts[0]!.json).toEqual({ i: TOKEN });
    expect(api.requests.some((r) => r.method === 'OPTIONS' && r.path === '/api/i' && r.headers['access-control-request-method'] === 'POST')).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('receives a streamed note over the browser WebSocket, the token in the query', async () => {
    await page.evaluate(([origin, token]) => (window as any).misskeyTest.openStream(origin, token), [stream.origin, TOKEN] as const);
    await waitFor(() => stream.live().some((c) => [...c.channels.values()].some((ch) => ch.channel === 'homeTimeline')), 'the page to subscribe to homeTimeline', 30_000);
    const posted = stream.post('hello browser');
    const note = await page.evaluate(() => (window as any).misskeyTest.note);
    expect(note).toEqual(posted);
    expect(stream.upgrades).toHaveLength(1);
    expect(stream.upgrades[0]!.authorization).toBeUndefined();
    expect(stream.upgrades[0]!.url.searchParams.get('i')).toBe(TOKEN);
    expect(stream.connections[0]!.frames[0]).toMatchObject({ type: 'connect', body: { channel: 'homeTimeline' } });
    await page.evaluate(() => (window as any).misskeyTest.closeStream());
    await waitFor(() => stream.live().length === 0, 'the page to close its socket', 30_000);
    expect(pageErrors).toEqual([]);
  });
});
