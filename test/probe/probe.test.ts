/**
 * `misskey-codegen probe` against local servers that serve the real 2026.7.0 spec: one that answers
 * every endpoint as the spec says, one with drift. Checks the report, the exit code, that the
 * server's log holds no call that could change state, and that the token is never printed.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe, type ProbeOptions } from '../../generator/commands/probe.js';
import { formatText } from '../../generator/probe/report.js';
import type { ProbeReport } from '../../generator/probe/run.js';
import { runCli } from '../cli/run.js';
import { tempDir } from '../helpers/generate.js';
import { REFERENCE_SPEC } from '../helpers/specs.js';
import { DRIFT, startDriftServer, type DriftServer } from '../validation/drift-server.js';

const TOKEN = 'tok-probe-SECRET-9876543210';
const dir = tempDir('mkcg-probe-');
const tokenFile = join(dir, 'token.txt');
writeFileSync(tokenFile, `${TOKEN}\n`);

let conforming: DriftServer;
let drifting: DriftServer;
let broken: DriftServer;
beforeAll(async () => {
  [conforming, drifting, broken] = await Promise.all([
    startDriftServer({ drift: false }),
    startDriftServer({ drift: true }),
    startDriftServer({ drift: false }),
  ]);
  // A Misskey error (the token lacks a permission): reported, not drift.
  broken.route('/api/i/favorites', (_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'denied', code: 'PERMISSION_DENIED', id: '1370e5b7-d4eb-4566-bb1d-7748ee6a1838', kind: 'permission' } }));
  });
  // The spec lists it, the server does not route it: a framework 404.
  broken.route('/api/hashtags/trend', (_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Route POST:/api/hashtags/trend not found', error: 'Not Found', statusCode: 404 }));
  });
});
afterAll(async () => {
  await Promise.all([conforming?.close(), drifting?.close(), broken?.close()]);
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
    expect(out).toMatch(/^ {2}changes state although its permission only reads: 2\n {4}i \(records today's login date[^)]*\), notes\/mentions \(marks the mentions it returns as read\)$/m);
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
    expect(out).toMatch(/needs parameters the probe cannot guess: \d+\n.*admin\/get-user-ips \(needs userId\)/);
    expect(out).toMatch(/name suggests a change of state: \d+/);
    expect(out).toMatch(/internal \(the official web client only\): 52/);
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
    expect(Object.keys(report.counts)).toEqual(['called', 'passed', 'mismatched', 'failed', 'skipped']);
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
      counts: { called: 1, passed: 0, mismatched: 1, failed: 0, skipped: 0 },
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
  it('a Misskey error is reported but is not drift; an answer that is not Misskey’s makes the probe fail', async () => {
    const { code, report, out } = await probe(broken, { tokenFile });
    const favorites = report.results.find((r) => r.endpoint === 'i/favorites');
    expect(favorites).toMatchObject({ status: 'failed', error: { kind: 'api', code: 'PERMISSION_DENIED', status: 403 } });
    const trend = report.results.find((r) => r.endpoint === 'hashtags/trend');
    expect(trend).toMatchObject({ status: 'failed', error: { kind: 'unexpected', status: 404 } });
    expect(report.counts).toMatchObject({ mismatched: 0, failed: 2 });
    expect(code).toBe(1);
    expect(out).toContain('  i/favorites failed: PERMISSION_DENIED (403) — denied [a Misskey error: not counted as drift]\n');
    expect(out).toContain('  hashtags/trend failed: unexpected response (HTTP 404, not-misskey-error) — Route POST:/api/hashtags/trend not found\n');
    expect(out).toContain('1 call(s) without a Misskey answer');
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
