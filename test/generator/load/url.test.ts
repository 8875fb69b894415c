import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkError } from '../../../generator/load/http.js';
import { SpecLoadError, loadSpec, type LoadOptions } from '../../../generator/load/index.js';
import { REFERENCE_SPEC_PATH, closedPort, startFakeMisskey, type FakeMisskey } from '../../helpers/fake-misskey.js';

const reference = readFileSync(REFERENCE_SPEC_PATH);
const referenceSha = createHash('sha256').update(reference).digest('hex');

let fake: FakeMisskey;
beforeAll(async () => {
  fake = await startFakeMisskey();
});
afterAll(async () => {
  await fake.close();
});

async function failure(options: LoadOptions): Promise<SpecLoadError> {
  const error = await loadSpec(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpecLoadError);
  const e = error as SpecLoadError;
  expect(e.message).not.toMatch(/\n/);
  return e;
}

const html =
  (body = '<!DOCTYPE html><html><body>Misskey</body></html>') =>
  (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  };

describe('the three forms of a server URL', () => {
  it('origin, /api-doc and /api.json give the same document and sha256 as the file', async () => {
    const results = await Promise.all(
      [fake.origin, `${fake.origin}/`, `${fake.origin}/api-doc`, `${fake.origin}/api.json`].map((url) =>
        loadSpec({ url }),
      ),
    );
    for (const loaded of results) {
      expect(loaded.sha256).toBe(referenceSha);
      expect(loaded.bytes).toBe(reference.length);
      expect(loaded.source).toEqual({ kind: 'url', location: `${fake.origin}/api.json` });
      expect(loaded.server).toEqual({ version: '2026.7.0', software: 'misskey', softwareVersion: '2026.7.0' });
      expect(loaded.warnings).toEqual([]);
    }
  });

  it('follows data-url of an api-doc page to wherever it points', async () => {
    fake.route(
      '/docs/custom',
      html('<html><body><script id="api-reference" data-url="/spec/v1.json?x=1&amp;y=2"></script></body></html>'),
    );
    fake.route('/spec/v1.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(reference);
    });
    const loaded = await loadSpec({ url: `${fake.origin}/docs/custom`, identity: false });
    expect(loaded.sha256).toBe(referenceSha);
    // Query stripped from the reported location.
    expect(loaded.source.location).toBe(`${fake.origin}/spec/v1.json`);
    expect(fake.requests.some((r) => r.url === '/spec/v1.json?x=1&y=2')).toBe(true);
  });

  it('any other HTML page without data-url falls back to {origin}/api.json, with a warning', async () => {
    fake.route('/@alice', html());
    const loaded = await loadSpec({ url: `${fake.origin}/@alice`, identity: false });
    expect(loaded.sha256).toBe(referenceSha);
    expect(loaded.source.location).toBe(`${fake.origin}/api.json`);
    expect(loaded.warnings.join('\n')).toContain('/@alice is an HTML page');
  });

  it('follows redirects and reports the final URL', async () => {
    fake.route('/old/api.json', (_req, res) => {
      res.writeHead(301, { location: '/api.json' });
      res.end();
    });
    const loaded = await loadSpec({ url: `${fake.origin}/old/api.json`, identity: false });
    expect(loaded.source.location).toBe(`${fake.origin}/api.json`);
    expect(loaded.sha256).toBe(referenceSha);
  });

  it('decodes a gzip body that was sent unasked, hashing the decoded bytes', async () => {
    fake.route('/gz/api.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(reference));
    });
    const loaded = await loadSpec({ url: `${fake.origin}/gz/api.json`, identity: false });
    expect(loaded.sha256).toBe(referenceSha);
  });

  it('sends URL userinfo as Basic auth to that origin only, and never shows it', async () => {
    const url = new URL(fake.origin);
    url.username = 'bob';
    url.password = 'hunter2';
    url.pathname = '/api.json';
    url.search = '?i=SECRET';
    const before = fake.requests.length;
    const loaded = await loadSpec({ url: url.href });
    expect(loaded.source.location).toBe(`${fake.origin}/api.json`);
    const sent = fake.requests.slice(before);
    expect(sent.find((r) => r.url.startsWith('/api.json'))?.headers.authorization).toBe(
      `Basic ${Buffer.from('bob:hunter2').toString('base64')}`,
    );
    expect(JSON.stringify(loaded)).not.toMatch(/hunter2|SECRET/);
  });

  it('reports progress for the download and the identity lookup', async () => {
    const lines: string[] = [];
    await loadSpec({ url: fake.origin, onProgress: (line) => lines.push(line) });
    expect(lines[0]).toBe(`fetching ${fake.origin}/api.json`);
    expect(lines.some((l) => /^received 1\.\d MiB/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^resolving server identity/);
  });
});

describe('server identity', () => {
  it('falls back to /nodeinfo/2.1 when /.well-known/nodeinfo answers 403 with an empty body', async () => {
    const server = await startFakeMisskey({
      nodeinfo: 'forbidden',
      software: { name: 'Sharkey', version: '2025.4.3' },
      version: '2025.4.3',
    });
    try {
      const loaded = await loadSpec({ url: server.origin });
      expect(loaded.server).toEqual({ version: '2025.4.3', software: 'sharkey', softwareVersion: '2025.4.3' });
      expect(server.requests.map((r) => r.url)).toContain('/nodeinfo/2.1');
      expect(loaded.warnings.join('\n')).toContain(
        'the server reports version 2025.4.3 but its api.json says 2026.7.0',
      );
    } finally {
      await server.close();
    }
  });

  it('without nodeinfo or meta, leaves the software unsaid (the model takes misskey) and warns, without failing', async () => {
    const server = await startFakeMisskey({ nodeinfo: 'none' });
    server.route('/api/meta', (_req, res) => {
      res.writeHead(500);
      res.end('oops');
    });
    try {
      const loaded = await loadSpec({ url: server.origin });
      expect(loaded.server).toEqual({});
      expect(loaded.warnings.join('\n')).toContain(
        `could not read the server version: POST ${server.origin}/api/meta answered HTTP 500`,
      );
      expect(loaded.warnings.join('\n')).toMatch(/nodeinfo/);
    } finally {
      await server.close();
    }
  });

  it('posts {} to /api/meta', async () => {
    const before = fake.requests.length;
    await loadSpec({ url: fake.origin });
    const meta = fake.requests.slice(before).find((r) => r.url === '/api/meta');
    expect(meta?.method).toBe('POST');
    expect(meta?.body).toBe('{}');
    expect(meta?.headers['content-type']).toBe('application/json');
  });
});

describe('failures', () => {
  it('BAD_URL for other schemes and for text that is not a URL', async () => {
    let e = await failure({ url: 'ftp://misskey.example/api.json' });
    expect(e.code).toBe('BAD_URL');
    expect(e.message).toContain('ftp:');
    e = await failure({ url: 'misskey.example' });
    expect(e.code).toBe('BAD_URL');
    expect(e.message).toContain('add https://');
    e = await failure({ url: 'http://bob:hunter2@[::1/x?i=SECRET' });
    expect(e.code).toBe('BAD_URL');
    expect(e.message).not.toMatch(/hunter2|SECRET/);
  });

  it('BAD_URL when a redirect leads to another scheme', async () => {
    fake.route('/to-file', (_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    });
    const e = await failure({ url: `${fake.origin}/to-file` });
    expect(e.code).toBe('BAD_URL');
    expect(e.message).toContain('file:');
  });

  it('DNS, without touching the network', async () => {
    const dispatcher = new Agent({
      connect: {
        lookup: (host, _options, callback) =>
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), '', 4),
      },
    });
    try {
      const e = await failure({ url: 'https://misskey.invalid', dispatcher });
      expect(e.code).toBe('DNS');
      expect(e.message).toContain('misskey.invalid');
      expect(e.message).toContain('ENOTFOUND');
    } finally {
      await dispatcher.close();
    }
  });

  it('REFUSED', async () => {
    const port = await closedPort();
    const e = await failure({ url: `http://127.0.0.1:${port}` });
    expect(e.code).toBe('REFUSED');
    expect(e.message).toContain(`127.0.0.1:${port}`);
  });

  it('TLS: an https URL pointing at a plain-http server', async () => {
    const e = await failure({ url: `https://127.0.0.1:${fake.port}/api.json` });
    expect(e.code).toBe('TLS');
    expect(e.message).toContain('TLS failed');
  });

  it('TIMEOUT: a server that never answers', async () => {
    fake.route('/hang/api.json', () => {});
    const e = await failure({ url: `${fake.origin}/hang/api.json`, timeoutMs: 300 });
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toContain('timed out after 0.3 s');
  });

  it('TIMEOUT: a body that stalls halfway', async () => {
    fake.route('/stall/api.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"openapi":');
    });
    const e = await failure({ url: `${fake.origin}/stall/api.json`, timeoutMs: 300 });
    expect(e.code).toBe('TIMEOUT');
  });

  it('NETWORK: the server drops the connection without answering', async () => {
    fake.route('/reset/api.json', (req) => req.socket.destroy());
    const e = await failure({ url: `${fake.origin}/reset/api.json` });
    expect(e.code).toBe('NETWORK');
    expect(e.message).toContain(`${fake.origin}/reset/api.json: request failed`);
  });

  it.each([
    [404, 'Not Found'],
    [500, 'Internal Server Error'],
    [503, 'Service Unavailable'],
  ])('HTTP_STATUS %i', async (status, text) => {
    fake.route(`/status/${status}`, (_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end('nope');
    });
    const e = await failure({ url: `${fake.origin}/status/${status}` });
    expect(e.code).toBe('HTTP_STATUS');
    expect(e.message).toContain(`HTTP ${status} ${text}`);
    expect(e.message).toContain(`${fake.origin}/status/${status}`);
  });

  it('HTML where /api.json should be (a proxy login page)', async () => {
    const server = await startFakeMisskey();
    server.route('/api.json', html('<html><body>Please log in</body></html>'));
    try {
      for (const url of [server.origin, `${server.origin}/api.json`, `${server.origin}/api-doc`]) {
        const e = await failure({ url });
        expect(e.code).toBe('HTML');
        expect(e.message).toContain(`${server.origin}/api.json answered an HTML page`);
      }
    } finally {
      await server.close();
    }
  });

  it('HTML sent as text/plain is still recognized', async () => {
    fake.route('/plain/api.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('\n  <!doctype html><p>maintenance</p>');
    });
    expect((await failure({ url: `${fake.origin}/plain/api.json` })).code).toBe('HTML');
  });

  it('INVALID_JSON over HTTP names the URL and position', async () => {
    fake.route('/broken/api.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"openapi": "3.1.0",\n "paths": {\n');
    });
    const e = await failure({ url: `${fake.origin}/broken/api.json` });
    expect(e.code).toBe('INVALID_JSON');
    expect(e.message).toContain(`${fake.origin}/broken/api.json`);
    expect(e.message).toContain('line 3 column 1');
  });

  it('NOT_OPENAPI over HTTP', async () => {
    fake.route('/other/api.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ hello: 'world' }));
    });
    const e = await failure({ url: `${fake.origin}/other/api.json` });
    expect(e.code).toBe('NOT_OPENAPI');
    expect(e.message).toContain('#/openapi is missing');
  });

  it('NOT_MISSKEY over HTTP', async () => {
    fake.route('/petstore/api.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          openapi: '3.0.0',
          info: { title: 'Petstore', version: '1' },
          paths: { '/pets/{id}': { get: {} } },
        }),
      );
    });
    const e = await failure({ url: `${fake.origin}/petstore/api.json` });
    expect(e.code).toBe('NOT_MISSKEY');
  });

  it('TOO_LARGE from content-length, before reading the body', async () => {
    const e = await failure({ url: fake.origin, maxBytes: 100_000, identity: false });
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain('announces 1.2 MiB');
  });

  it('TOO_LARGE for an endless body without content-length: stops reading as soon as the limit is passed', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    let sent = 0;
    fake.route('/endless/api.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"openapi":"3.1.0","x":"');
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => closed());
      pump();
    });
    const e = await failure({ url: `${fake.origin}/endless/api.json`, maxBytes: 256 * 1024, timeoutMs: 20_000 });
    expect(e.code).toBe('TOO_LARGE');
    await serverSawClose;
    // Generous bound: socket buffers hold some data, but nowhere near an endless stream.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('TOO_LARGE for a small gzip body that inflates past the limit', async () => {
    fake.route('/bomb/api.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(8 * 1024 * 1024, ' ')));
    });
    const e = await failure({ url: `${fake.origin}/bomb/api.json`, maxBytes: 1024 * 1024 });
    expect(e.code).toBe('TOO_LARGE');
  });

  it('BAD_ENCODING for an unknown or corrupt content-encoding', async () => {
    fake.route('/zstd/api.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'compress' });
      res.end('xx');
    });
    fake.route('/corrupt/api.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end('definitely not gzip');
    });
    expect((await failure({ url: `${fake.origin}/zstd/api.json` })).code).toBe('BAD_ENCODING');
    expect((await failure({ url: `${fake.origin}/corrupt/api.json` })).code).toBe('BAD_ENCODING');
  });

  it('REDIRECT_LIMIT for a redirect loop, and the limit is configurable', async () => {
    fake.route('/loop/a', (_req, res) => {
      res.writeHead(302, { location: '/loop/b' });
      res.end();
    });
    fake.route('/loop/b', (_req, res) => {
      res.writeHead(307, { location: `${fake.origin}/loop/a` });
      res.end();
    });
    const e = await failure({ url: `${fake.origin}/loop/a` });
    expect(e.code).toBe('REDIRECT_LIMIT');
    expect(e.message).toContain('more than 5 redirects');
    fake.route('/hop/1', (_req, res) => {
      res.writeHead(308, { location: '/api.json' });
      res.end();
    });
    expect((await failure({ url: `${fake.origin}/hop/1`, maxRedirects: 0 })).code).toBe('REDIRECT_LIMIT');
    await expect(loadSpec({ url: `${fake.origin}/hop/1`, maxRedirects: 1, identity: false })).resolves.toBeTruthy();
  });

  it('drops Basic credentials when a redirect leaves the origin', async () => {
    const other: Server = createServer((req, res) => {
      seen = req.headers.authorization;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(reference);
    });
    let seen: string | undefined = 'unset';
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    fake.route('/elsewhere/api.json', (_req, res) => {
      res.writeHead(302, { location: `${otherOrigin}/api.json` });
      res.end();
    });
    try {
      const url = new URL(`${fake.origin}/elsewhere/api.json`);
      url.username = 'bob';
      url.password = 'hunter2';
      const loaded = await loadSpec({ url: url.href, identity: false });
      expect(seen).toBeUndefined();
      expect(loaded.warnings.join('\n')).toContain(`redirected to ${otherOrigin}`);
    } finally {
      other.closeAllConnections();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});

describe('networkError mapping', () => {
  const url = new URL('https://bob:hunter2@misskey.example/api.json?i=SECRET');
  const signal = new AbortController().signal;
  // How fetch wraps them: TypeError('fetch failed', { cause }).
  const wrapped = (code: string, message = code) =>
    new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
  it.each([
    ['ENOTFOUND', 'DNS'],
    ['EAI_AGAIN', 'DNS'],
    ['ECONNREFUSED', 'REFUSED'],
    ['CERT_HAS_EXPIRED', 'TLS'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS'],
    ['UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT'],
    ['ECONNRESET', 'NETWORK'],
  ])('%s → %s, with neither userinfo nor query in the message', (code, expected) => {
    const e = networkError(wrapped(code), url, { signal, timeoutText: 'timed out' });
    expect(e.code).toBe(expected);
    expect(e.message).toContain('https://misskey.example/api.json');
    expect(e.message).not.toMatch(/bob|hunter2|SECRET/);
  });
});
