/**
 * `misskey-codegen probe` against local servers that serve the real 2026.7.0 spec: one that answers
 * every endpoint as the spec says, one with drift. Checks the report, the exit code, that the
 * server's log holds no call that could change state, and that the token is never printed.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe, type ProbeOptions } from '../../../generator/commands/probe.js';
import { formatText } from '../../../generator/probe/report.js';
import type { ProbeReport } from '../../../generator/probe/run.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/generate.js';
import { REFERENCE_SPEC } from '../../helpers/specs.js';
import { DRIFT, startDriftServer, type DriftServer } from '../../helpers/drift-server.js';

const TOKEN = 'tok-probe-SECRET-9876543210';
const dir = tempDir('mkcg-probe-');
const tokenFile = join(dir, 'token.txt');
writeFileSync(tokenFile, `${TOKEN}\n`);

/** A Misskey error answer, as the server sends it. */
function answerError(server: DriftServer, endpoint: string, status: number, error: { code: string; message: string; id: string; kind?: string }) {
  server.route(`/api/${endpoint}`, (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error }));
  });
}

// What a real 2026.7.0 server answers an ordinary account on every admin and moderator endpoint.
const ROLE_DENIED = { message: 'You are not assigned to an administrator role.', code: 'ROLE_PERMISSION_DENIED', id: 'c3d38592-54c0-429d-be96-5636b0431a61', kind: 'permission' };
const INTERNAL_ERROR = { message: 'Internal error occurred. Please contact us if the error persists.', code: 'INTERNAL_ERROR', id: '5d37dbcb-891e-41ca-a3d6-e690c97775ac', kind: 'server' };
const isAdmin = (endpoint: string) => /(^|\/)admin\//.test(endpoint);

/** The server as an ordinary account sees it: every admin endpoint refuses it. */
function asOrdinaryAccount(server: DriftServer): DriftServer {
  for (const name of Object.keys(rawSpec.paths).map((path) => path.slice(1))) {
    if (isAdmin(name)) answerError(server, name, 403, ROLE_DENIED);
  }
  return server;
}

let conforming: DriftServer;
let drifting: DriftServer;
let broken: DriftServer;
let ordinary: DriftServer;
let ordinaryWith500: DriftServer;
let ordinaryDrifting: DriftServer;
beforeAll(async () => {
  [conforming, drifting, broken, ordinary, ordinaryWith500, ordinaryDrifting] = await Promise.all([
    startDriftServer({ drift: false }),
    startDriftServer({ drift: true }),
    startDriftServer({ drift: false }),
    startDriftServer({ drift: false }).then(asOrdinaryAccount),
    startDriftServer({ drift: false }).then(asOrdinaryAccount),
    startDriftServer({ drift: true }).then(asOrdinaryAccount),
  ]);
  // A server bug (2026.7.0 answers users/recommendation so on a new server): a failure, whoever calls.
  answerError(ordinaryWith500, 'users/recommendation', 500, INTERNAL_ERROR);
  // Refusals of the caller, one per code of the table: not allowed, not drift.
  answerError(broken, 'i/favorites', 403, { message: 'denied', code: 'PERMISSION_DENIED', id: '1370e5b7-d4eb-4566-bb1d-7748ee6a1838', kind: 'permission' });
  answerError(broken, 'notes/drafts/list', 400, { message: 'Access denied.', code: 'ACCESS_DENIED', id: '56f35758-7dd5-468b-8439-5d6fb8ec9b8e', kind: 'client' });
  answerError(broken, 'clips/list', 403, { message: 'Your account has been suspended.', code: 'YOUR_ACCOUNT_SUSPENDED', id: 'a8c724b3-6e9c-4b46-b1a8-bc3ed6258370' });
  answerError(broken, 'notes/local-timeline', 400, { message: 'Local timeline has been disabled.', code: 'LTL_DISABLED', id: '45a6eb02-7695-4393-b023-dd3be9aaaefd' });
  // Misskey errors that are not a refusal of the caller: failures.
  answerError(broken, 'i/pages', 403, { message: 'Authentication failed. Please ensure your token is correct.', code: 'AUTHENTICATION_FAILED', id: 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14' });
  answerError(broken, 'charts/notes', 429, { message: 'Rate limit exceeded. Please try again later.', code: 'RATE_LIMIT_EXCEEDED', id: 'd5826d14-3982-4d2e-8011-b9e9f02499ef', kind: 'client' });
  // The spec lists it, the server does not route it: a framework 404.
  broken.route('/api/hashtags/trend', (_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Route POST:/api/hashtags/trend not found', error: 'Not Found', statusCode: 404 }));
  });
});
afterAll(async () => {
  await Promise.all([conforming, drifting, broken, ordinary, ordinaryWith500, ordinaryDrifting].map((server) => server?.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function probe(server: DriftServer, options: Partial<ProbeOptions> = {}) {
  const io = { out: '', err: '' };
  const { code, report } = await runProbe(
    { url: server.origin, ...options },
    { stdout: (t) => void (io.out += t), stderr: (t) => void (io.err += t), cwd: dir },
  );
  return { code, report, ...io };
}

/** Read straight from the raw spec: what each endpoint needs, independent of the generator. */
const rawSpec = JSON.parse(readFileSync(REFERENCE_SPEC, 'utf8')) as { paths: Record<string, { post: { description?: string } }> };
function access(endpoint: string) {
  const d = rawSpec.paths[`/${endpoint}`]?.post.description ?? '';
  return {
    known: `/${endpoint}` in rawSpec.paths,
    credential: d.includes('**Credential required**: *Yes*'),
    permission: /\*\*Permission\*\*: \*([^*]+)\*/.exec(d)?.[1] ?? null,
    internal: d.includes('**Internal Endpoint**'),
  };
}

/** The server's log shows only calls that cannot change state, and the token only where a read: permission is named. */
function expectOnlySafeCalls(server: DriftServer) {
  const calls = server.calls();
  expect(calls.length).toBeGreaterThan(20);
  for (const { endpoint, body } of calls) {
    const a = access(endpoint);
    expect(a.known, endpoint).toBe(true);
    expect(a.internal, endpoint).toBe(false);
    if (a.permission === null) expect(a.credential, endpoint).toBe(false);
    else expect(a.permission, endpoint).toMatch(/^read:/);
    if ('i' in body) expect(a.permission, endpoint).toMatch(/^read:/);
    if ('markAsRead' in rawSpecParams(endpoint)) expect(body['markAsRead'], endpoint).toBe(false);
  }
  // The last two write although they only read: `i` records the login date, notes/mentions marks mentions read.
  for (const never of ['reset-db', 'notes/create', 'notifications/mark-all-as-read', 'i/read-announcement', 'following/create', 'i', 'notes/mentions']) {
    expect(calls.map((c) => c.endpoint)).not.toContain(never);
  }
}

function rawSpecParams(endpoint: string): Record<string, unknown> {
  const post = rawSpec.paths[`/${endpoint}`]?.post as { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } };
  return post.requestBody?.content?.['application/json']?.schema?.properties ?? {};
}

const mismatchesOf = (report: ProbeReport) =>
  report.results.flatMap((r) => r.mismatches.map(({ endpoint, path, expected, actual }) => ({ endpoint, path, expected, actual })));

describe('probe against a server that conforms', () => {
  it('anonymously: calls only no-credential endpoints, all pass, exit 0', async () => {
    const { code, report, out } = await probe(conforming);
    expect(report.counts).toMatchObject({ mismatched: 0, failed: 0 });
    expect(report.counts.passed).toBe(report.counts.called);
    expect(report.results.every((r) => !r.authenticated)).toBe(true);
    expect(report.skipped.find((s) => s.endpoint === 'i/favorites')?.reason).toBe('needs-token');
    expect(code).toBe(0);
    expect(out).toContain('Every endpoint called answered as its spec says.');
    expect(out).toMatch(/^Probed misskey 2026\.7\.0 at http:\/\/127\.0\.0\.1:\d+ anonymously\.$/m);
    expect(conforming.calls().every((c) => !('i' in c.body))).toBe(true);
    expectOnlySafeCalls(conforming);
  });

  it('with --token-file: also read: endpoints, with the token; exit 0; the token is never printed', async () => {
    conforming.requests.length = 0;
    const { code, report, out, err } = await probe(conforming, { tokenFile: 'token.txt' });
    expect(code).toBe(0);
    expect(report.authenticated).toBe(true);
    const favorites = report.results.find((r) => r.endpoint === 'i/favorites');
    expect(favorites).toMatchObject({ status: 'passed', authenticated: true });
    expect(conforming.calls().find((c) => c.endpoint === 'i/favorites')?.body['i']).toBe(TOKEN);
    expect(conforming.calls().find((c) => c.endpoint === 'i/notifications')?.body).toEqual({ markAsRead: false, i: TOKEN });
    expectOnlySafeCalls(conforming);
    expect(out + err).not.toContain(TOKEN);
  });

  it('with a token, still never calls the read endpoints that write, and says why in the report', async () => {
    conforming.requests.length = 0;
    const { report, out } = await probe(conforming, { tokenFile: 'token.txt' });
    const called = conforming.calls().map((c) => c.endpoint);
    expect(called).toContain('i/favorites');
    for (const name of ['i', 'notes/mentions']) {
      expect(called).not.toContain(name);
      expect(report.skipped.find((s) => s.endpoint === name)?.reason).toBe('side-effect');
    }
    for (const name of ['i/notifications', 'i/notifications-grouped']) {
      const bodies = conforming.calls().filter((c) => c.endpoint === name).map((c) => c.body);
      expect(bodies.length, name).toBeGreaterThan(0);
      for (const body of bodies) expect(body['markAsRead'], name).toBe(false);
    }
    expect(out).toMatch(/^ {2}reads known to change state anyway: 2\n {4}i \(records today's login date[^)]*\), notes\/mentions \(marks the mentions it returns as read\)$/m);
  });
});

describe('probe against a server that drifts', () => {
  let result: Awaited<ReturnType<typeof probe>>;
  beforeAll(async () => {
    result = await probe(drifting, { tokenFile: tokenFile });
  });

  it('reports exactly the drifted fields (extra fields are not drift) and exits 1', () => {
    expect(mismatchesOf(result.report)).toEqual(DRIFT);
    expect(result.report.counts.mismatched).toBe(3);
    expect(result.report.ok).toBe(false);
    expect(result.code).toBe(1);
    for (const name of ['ping', 'server-info']) expect(result.report.results.find((r) => r.endpoint === name)?.status).toBe('passed');
  });

  it('prints the mismatches with their paths, the skipped endpoints with reasons, and a verdict', () => {
    const { out } = result;
    expect(out).toContain('Mismatches (the server sent what the spec does not allow):');
    expect(out).toContain('  notes/local-timeline\n    $[1].user.username: expected string, got null\n');
    expect(out).toContain('    $[0].visibility: expected one of "public", "home", "followers", "specified", got "limited"\n');
    expect(out).toContain('  stats\n    $.notesCount: expected a required property, got missing\n');
    expect(out).toMatch(/endpoints with required parameters the probe cannot guess: \d+\n.*admin\/get-user-ips \(needs userId\)/);
    expect(out).toMatch(/endpoints whose name has an action word \(create, delete, update, read, mute, …\): \d+/);
    expect(out).toMatch(/internal endpoints \(the official web client only\): 52/);
    expect(out).toContain('Not conforming: 3 endpoint(s) with mismatches.');
  });

  it('never calls anything that can change state, and never prints the token', () => {
    expectOnlySafeCalls(drifting);
    expect(result.out + result.err).not.toContain(TOKEN);
  });

  it('--json gives the same report as one JSON object', async () => {
    const { out, err, code } = await probe(drifting, { json: true });
    const report = JSON.parse(out) as ProbeReport;
    expect(code).toBe(1);
    expect(err).toBe('');
    expect(mismatchesOf(report)).toEqual(DRIFT);
    expect(report.skipped.find((s) => s.endpoint === 'reset-db')).toMatchObject({ reason: 'write-name' });
  });
});

describe('the text report', () => {
  it('with --show-values, shows the value received for each mismatch', async () => {
    const { out } = await probe(drifting, { showValues: true });
    expect(out).toContain('    $[1].user.username: expected string, got null (value: null)\n');
    expect(out).toContain('got "limited" (value: "limited")\n');
  });

  it('folds the same drift in many array elements into one line with a count', () => {
    const mismatch = (i: number) => ({ endpoint: 'notes/timeline', path: `$[${i}].user.name`, expected: 'string', actual: 'number' });
    const report: ProbeReport = {
      origin: 'https://misskey.example',
      server: { software: 'misskey', version: '2026.7.0' },
      authenticated: false,
      ok: false,
      counts: { called: 1, passed: 0, mismatched: 1, failed: 0, notAllowed: 0, skipped: 0 },
      results: [
        {
          endpoint: 'notes/timeline',
          status: 'mismatched',
          authenticated: false,
          params: {},
          ms: 1,
          mismatches: [mismatch(0), mismatch(1), mismatch(7), { ...mismatch(3), path: '$[3].id', actual: 'null' }],
        },
      ],
      skipped: [],
    };
    expect(formatText(report)).toContain('  notes/timeline\n    $[*].user.name: expected string, got number (×3)\n    $[3].id: expected string, got null\n');
  });
});

describe('failed calls', () => {
  it('a refusal of the caller (by the code table) is not allowed, not drift; any other Misskey error or a non-Misskey answer fails the probe', async () => {
    const { code, report, out } = await probe(broken, { tokenFile });
    const result = (endpoint: string) => report.results.find((r) => r.endpoint === endpoint);
    expect(result('i/favorites')).toMatchObject({ status: 'not-allowed', error: { kind: 'api', code: 'PERMISSION_DENIED', status: 403 } });
    expect(result('notes/drafts/list')).toMatchObject({ status: 'not-allowed', error: { code: 'ACCESS_DENIED', status: 400 } });
    expect(result('clips/list')).toMatchObject({ status: 'not-allowed', error: { code: 'YOUR_ACCOUNT_SUSPENDED' } });
    expect(result('notes/local-timeline')).toMatchObject({ status: 'not-allowed', error: { code: 'LTL_DISABLED' } });
    expect(result('i/pages')).toMatchObject({ status: 'failed', error: { kind: 'api', code: 'AUTHENTICATION_FAILED' } });
    expect(result('charts/notes')).toMatchObject({ status: 'failed', error: { kind: 'api', code: 'RATE_LIMIT_EXCEEDED', status: 429 } });
    expect(result('hashtags/trend')).toMatchObject({ status: 'failed', error: { kind: 'unexpected', status: 404 } });
    expect(report.counts).toMatchObject({ mismatched: 0, failed: 3, notAllowed: 4 });
    expect(code).toBe(1);
    expect(out).toContain('  hashtags/trend failed: unexpected response (HTTP 404, not-misskey-error) — Route POST:/api/hashtags/trend not found\n');
    expect(out).toContain('  charts/notes failed: RATE_LIMIT_EXCEEDED (429) — Rate limit exceeded. Please try again later. {"span":"day"}\n');
    expect(out).toMatch(/^Not allowed for this account \(the server refused the caller: not drift, not a failure, not checked\): 4$/m);
    expect(out).toContain("  PERMISSION_DENIED — the token was not granted the permission: 1\n    i/favorites\n");
    expect(out).toContain('Not conforming: 3 failed call(s).');
  });

  it('an unusable token file is refused before anything is called, without echoing its content', async () => {
    writeFileSync(join(dir, 'empty.txt'), '\n');
    writeFileSync(join(dir, 'two.txt'), `${TOKEN} other\n`);
    await expect(probe(conforming, { tokenFile: 'missing.txt' })).rejects.toThrow(/cannot read --token-file .*missing\.txt \(ENOENT\)/);
    await expect(probe(conforming, { tokenFile: 'empty.txt' })).rejects.toThrow(/is empty/);
    const error = await probe(conforming, { tokenFile: 'two.txt' }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/must hold one token/);
    expect(String(error)).not.toContain(TOKEN);
  });
});

describe('probe with an ordinary account (admin endpoints answer ROLE_PERMISSION_DENIED)', () => {
  const adminCalls = (server: DriftServer) => server.calls().filter((c) => isAdmin(c.endpoint));

  it('reports the admin endpoints as not allowed for this account, apart, and exits 0', async () => {
    const { code, report, out } = await probe(ordinary, { tokenFile });
    const refused = adminCalls(ordinary).map((c) => c.endpoint);
    expect(refused.length).toBeGreaterThan(10);
    expect(report.results.filter((r) => r.status === 'not-allowed').map((r) => r.endpoint).sort()).toEqual([...refused].sort());
    for (const r of report.results.filter((r) => isAdmin(r.endpoint))) {
      expect(r, r.endpoint).toMatchObject({ status: 'not-allowed', error: { kind: 'api', code: 'ROLE_PERMISSION_DENIED', status: 403 } });
    }
    expect(report.counts).toMatchObject({ mismatched: 0, failed: 0, notAllowed: refused.length });
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
    const n = refused.length;
    expect(out).toMatch(new RegExp(`^Called \\d+ endpoints: \\d+ passed, 0 mismatched, 0 failed, ${n} not allowed for this account; \\d+ skipped\\.$`, 'm'));
    expect(out).toContain(`\nNot allowed for this account (the server refused the caller: not drift, not a failure, not checked): ${n}\n`);
    expect(out).toContain(`  ROLE_PERMISSION_DENIED — the account's roles do not allow it (admin, moderator, or a role policy): ${n}\n    admin/`);
    expect(out).not.toContain('Failed calls:');
    expect(out).toContain(`Every endpoint called answered as its spec says (${n} not allowed for this account, so not checked).`);
  });

  it('--json counts them as notAllowed, each with its code', async () => {
    const { code, out } = await probe(ordinary, { tokenFile, json: true });
    const report = JSON.parse(out) as ProbeReport;
    expect(code).toBe(0);
    expect(Object.keys(report.counts)).toEqual(['called', 'passed', 'mismatched', 'failed', 'notAllowed', 'skipped']);
    expect(report.counts.notAllowed).toBeGreaterThan(10);
    expect(report.results.filter((r) => r.status === 'not-allowed').every((r) => r.error?.code === 'ROLE_PERMISSION_DENIED')).toBe(true);
  });

  it('a 500 still fails the run', async () => {
    const { code, report, out } = await probe(ordinaryWith500, { tokenFile });
    expect(code).toBe(1);
    expect(report.results.find((r) => r.endpoint === 'users/recommendation')).toMatchObject({
      status: 'failed',
      error: { kind: 'api', code: 'INTERNAL_ERROR', status: 500 },
    });
    expect(report.counts).toMatchObject({ mismatched: 0, failed: 1 });
    expect(report.counts.notAllowed).toBeGreaterThan(10);
    expect(report.ok).toBe(false);
    expect(out).toContain('Failed calls:\n  users/recommendation failed: INTERNAL_ERROR (500)');
    expect(out).toContain('Not conforming: 1 failed call(s).');
  });

  it('a schema mismatch still fails the run', async () => {
    const { code, report, out } = await probe(ordinaryDrifting, { tokenFile });
    expect(mismatchesOf(report)).toEqual(DRIFT);
    expect(report.counts).toMatchObject({ mismatched: 3, failed: 0 });
    expect(report.counts.notAllowed).toBeGreaterThan(10);
    expect(code).toBe(1);
    expect(out).toContain('Not conforming: 3 endpoint(s) with mismatches.');
  });
});

describe('the built CLI', () => {
  it('exits 1 on drift and 0 on a conforming server, with --json on stdout', async () => {
    const bad = await runCli(['probe', '--url', drifting.origin, '--json', '--token-file', tokenFile]);
    expect(bad.code).toBe(1);
    expect(mismatchesOf(JSON.parse(bad.stdout) as ProbeReport)).toEqual(DRIFT);
    expect(bad.stdout + bad.stderr).not.toContain(TOKEN);
    const good = await runCli(['probe', '--url', `${conforming.origin}/api-doc`]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('Every endpoint called answered as its spec says.');
  });
});
