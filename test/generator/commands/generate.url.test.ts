/**
 * `generate --url` against a local fake Misskey server: the three URL forms a user may paste give
 * the same package as the spec file, and every way a server can fail is one clear line and exit 1.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startFakeMisskey, type FakeMisskey, REFERENCE_SPEC_PATH } from '../../helpers/fake-misskey.js';
import { tempDir } from '../../helpers/generate.js';
import { generated } from '../../helpers/package-cache.js';
import { runCli } from '../../helpers/cli.js';

const dir = tempDir('mkcg-url-');
let server: FakeMisskey;
beforeAll(async () => {
  server = await startFakeMisskey({ nodeinfo: 'forbidden' });
  // 200, not an error status: a login wall or maintenance page in front of /api.json answers "OK" with HTML.
  server.route('/walled/api.json', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html><body>Sign in to continue</body></html>');
  });
  server.route('/broken/api.json', (_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('oops');
  });
  server.route('/swagger.json', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} }));
  });
  server.route('/petstore.json', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const op = (id: string) => ({ get: { operationId: id, responses: { 200: { description: 'ok' } } } });
    res.end(JSON.stringify({ openapi: '3.0.0', info: { title: 'Petstore', version: '1' }, paths: { '/pets': op('listPets'), '/pets/{petId}': op('showPet') } }));
  });
  server.route('/loop', (_req, res) => {
    res.writeHead(302, { location: '/loop' });
    res.end();
  });
  server.route('/slow/api.json', () => {
    /* never answers */
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function tree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files.set(relative(root, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name), 'utf8'));
  }
  return files;
}

describe('generate --url', () => {
  // One generation per test: three in one test would take most of a timeout on a loaded machine.
  it.each([
    ['the bare origin', () => server.origin],
    ['/api-doc', () => `${server.origin}/api-doc`],
    ['/api.json', () => `${server.origin}/api.json`],
  ])('gives the same code from %s as from the spec file', async (form, url) => {
    // What the spec file gives (the shared generation: generating it once more here would prove nothing more).
    const expected = (await generated(REFERENCE_SPEC_PATH)).files;
    const out = join(dir, form.replace(/\W/g, '_'));
    const result = await runCli(['generate', '--url', url(), '--out', out]);
    expect(result.stderr, form).not.toMatch(/error/i);
    expect(result.code, form).toBe(0);
    const got = tree(out);
    expect([...got.keys()].sort().join(' '), form).toEqual([...expected.keys()].sort().join(' '));
    for (const [path, text] of expected) if (path.endsWith('.ts')) expect(got.get(path), `${form}: ${path}`).toBe(text);
    const manifest = JSON.parse(got.get('manifest.json') ?? '{}') as { server: { version: string; url: string; software: string } };
    expect(manifest.server).toMatchObject({ version: '2026.7.0', software: 'misskey', url: `${server.origin}/api.json` });
  });

  const failures: [string, () => string, RegExp][] = [
    ['connection refused', () => `http://127.0.0.1:${refusedPort}/`, /refused/i],
    // .invalid never resolves (RFC 6761), so this fails fast and offline.
    ['a host that does not resolve', () => 'https://misskey.invalid', /cannot resolve host misskey\.invalid/],
    ['an HTTP error status', () => `${server.origin}/broken/api.json`, /500/],
    ['HTML instead of JSON', () => `${server.origin}/walled/api.json`, /answered an HTML page instead of the JSON API document/],
    ['JSON that is not OpenAPI', () => `${server.origin}/swagger.json`, /OpenAPI/i],
    ['OpenAPI that is not Misskey-like', () => `${server.origin}/petstore.json`, /Misskey/i],
    ['a redirect loop', () => `${server.origin}/loop`, /redirect/i],
    ['TLS spoken to a plain HTTP server', () => server.origin.replace('http:', 'https:') + '/api.json', /TLS|SSL|secure/i],
    ['a non-http(s) URL', () => 'ftp://127.0.0.1/api.json', /http/i],
  ];
  let refusedPort = 0;
  beforeAll(async () => {
    refusedPort = await closedPort();
  });

  function expectOneLineFailure(result: { code: number; stderr: string }, pattern: RegExp): void {
    expect(result.code, result.stderr).toBe(1);
    // Progress lines may come first; the failure itself is one line.
    const lines = result.stderr.trim().split('\n').filter((l) => l.startsWith('misskey-codegen:'));
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }

  it.each(failures)('fails with exit 1 and one line for %s', async (_name, url, pattern) => {
    const result = await runCli(['generate', '--url', url(), '--out', join(dir, 'never')]);
    expectOneLineFailure(result, pattern);
    expect(result.stdout).toBe('');
  });

  it('fails with exit 1 and one line on a server that does not answer within --timeout', async () => {
    const result = await runCli(['generate', '--url', `${server.origin}/slow/api.json`, '--out', join(dir, 'never'), '--timeout', '1']);
    expectOneLineFailure(result, /\/slow\/api\.json: timed out after 1 s$/);
  });

  it('under --json, also prints the failure as one JSON object on stdout', async () => {
    const result = await runCli(['generate', '--url', `${server.origin}/walled/api.json`, '--out', join(dir, 'never'), '--json']);
    expectOneLineFailure(result, /HTML page/);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      ok: false,
      error: { code: 'HTML', message: expect.stringContaining('answered an HTML page') as unknown },
    });
  });
});

// Silence unused-import lint for the types used only in annotations above.
export type { Server, AddressInfo };
void createHttpServer;
