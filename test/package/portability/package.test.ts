/**
 * Issue #7: the generated package installs and works wherever a Misskey app runs. One JavaScript
 * package is generated with the CLI (`--emit js`), packed with `npm pack` and installed from the
 * tarball into fresh projects; then:
 * - publint and attw find nothing wrong with it;
 * - plain Node ESM programs import it by name and make requests and a streaming subscription against
 *   local servers: with `ws` (Node 20), with a global WebSocket and no `ws` (Node 22+; on Node 20 via
 *   --experimental-websocket, the same undici WebSocket, and on a real Node 22 binary from npm's
 *   `node-<platform>-<arch>` package when it can be fetched), and with neither (a clear failure);
 * - a TypeScript consumer type-checks against it with skipLibCheck off under TypeScript 5.9 and 7,
 *   moduleResolution nodenext and bundler;
 * - importing one endpoint from the root bundles nothing of streaming.
 * The TypeScript variant with a package name is checked as a workspace package: resolved through its
 * package.json by a bundler and by TypeScript.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../../../generator/generate.js';
import { loadSpec } from '../../../generator/load/index.js';
import { tempDir, writeTree } from '../../helpers/generate.js';
import { missingPrerequisite } from '../../helpers/prerequisites.js';
import { ROOT } from '../../helpers/specs.js';
import { compile, type Compiler, type Resolution } from '../../helpers/tsc.js';
import { startStreamServer, waitFor, type StreamServer } from '../../helpers/ws-server.js';
import { consumerProject, nodeBinary, pack, readJson, run, wsTarball, type Ran } from '../../helpers/portability.js';

const FIXTURES = join(ROOT, 'test/fixtures/portability');
const TOKEN = 'tok-portable-secret';
const NAME = 'misskey-api';
const work = tempDir('mkcg-portable-');
const pkgDir = join(work, 'pkg');
let tarball: string;
let packed: string[];
let withWs: string;
let withoutWs: string;
let typecheck: string;
let workspace: string;
// This host may run Node 20, where the global WebSocket is a flag away: the real Node 22 is fetched
// while the package builds, and its test skips, saying why, when it cannot be had (in CI it fails).
let node22: ReturnType<typeof nodeBinary>;

beforeAll(async () => {
  node22 = Number(process.versions.node.split('.')[0]) >= 22 ? Promise.resolve({ path: process.execPath, version: process.version }) : nodeBinary(22, join(work, 'node22'));
  // The workspace variant generates in this process while the CLI builds the JavaScript one in a child.
  const tsVariant = (async () => {
    const { files } = await buildPackage(await loadSpec({}), { packageName: 'misskey-workspace-client' });
    workspace = join(work, 'workspace');
    writeTree(join(workspace, 'packages/misskey'), files);
  })();
  const generated = await run(process.execPath, [join(ROOT, 'dist/generator/cli.js'), 'generate', '--emit', 'js', '--out', pkgDir, '--json'], { timeoutMs: 240_000 });
  if (generated.code !== 0) throw new Error(`generate --emit js failed:\n${generated.stderr}`);
  const tarballs = join(work, 'tarballs');
  ({ tarball, files: packed } = await pack(pkgDir, tarballs));
  const ws = await wsTarball(tarballs);
  [withWs, withoutWs, typecheck] = await Promise.all([
    consumerProject(join(work, 'with-ws'), [tarball, ws]),
    consumerProject(join(work, 'without-ws'), [tarball]),
    consumerProject(join(work, 'typecheck'), [tarball]),
  ]);
  for (const dir of [withWs, withoutWs]) copyFileSync(join(FIXTURES, 'node-consumer.mjs'), join(dir, 'run.mjs'));
  copyFileSync(join(FIXTURES, 'consumer.ts'), join(typecheck, 'consumer.ts'));
  await tsVariant;
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the JavaScript package (generate --emit js, npm pack)', () => {
  it('has a package.json that makes it an ESM package for Node >= 20, tree-shakable, with ws an optional peer', () => {
    const pkg = readJson(join(pkgDir, 'package.json'));
    expect(pkg).toMatchObject({
      name: NAME,
      version: '2026.7.0',
      type: 'module',
      sideEffects: false,
      types: './index.d.ts',
      engines: { node: '>=20' },
      peerDependencies: { ws: expect.any(String) },
      peerDependenciesMeta: { ws: { optional: true } },
    });
    expect(pkg.private).toBeUndefined();
    expect(pkg.exports['.']).toEqual({ types: './index.d.ts', import: './index.js', default: './index.js' });
    expect(pkg.exports['./runtime/stream']).toEqual({ types: './runtime/stream/index.d.ts', import: './runtime/stream/index.js', default: './runtime/stream/index.js' });
    expect(Object.keys(pkg.exports)[0]).toBe('.');
  });

  it('packs JavaScript, declarations, the manifest and model.json (for `diff node_modules/<name>`): every export target, no TypeScript sources', () => {
    const pkg = readJson(join(pkgDir, 'package.json'));
    const targets = Object.values(pkg.exports as Record<string, string | Record<string, string>>).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    for (const target of targets) expect(packed, target).toContain(target.slice(2));
    expect(packed.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(packed).toContain('manifest.json');
    // Each module is there twice (x.js, x.d.ts); the tarball is nothing else.
    expect(packed.filter((f) => !/\.(js|d\.ts)$/.test(f)).sort()).toEqual(['manifest.json', 'model.json', 'package.json']);
  });

  it('passes publint, suggestions included', async () => {
    const { messages, pkg } = await publint({ level: 'suggestion', pack: { tarball: new Uint8Array(readFileSync(tarball)).buffer } });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`)).toEqual([]);
  });

  it('passes attw: its only finding is that CommonJS `require` gets ESM, which is the design (ESM only)', async () => {
    const attw = join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js');
    // esm-only ignores node10 and node16-from-CJS resolutions; the exit code says whether anything else is wrong.
    const result = await run(process.execPath, [attw, tarball, '--profile', 'esm-only', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { analysis: { entrypoints: Record<string, unknown>; problems: { kind: string; resolutionKind?: string }[] } };
    expect(Object.keys(report.analysis.entrypoints)).toEqual(expect.arrayContaining(['.', './channels', './runtime/stream', './runtime/miauth']));
    // Even under the strict profile: nothing but the CJS note, and only for a CJS importer.
    const others = report.analysis.problems.filter((p) => !(p.kind === 'CJSResolvesToESM' && p.resolutionKind === 'node16-cjs'));
    expect(others).toEqual([]);
  });
});

describe('in plain Node ESM, installed from the tarball', () => {
  let server: StreamServer;
  beforeAll(async () => {
    server = await startStreamServer({ token: TOKEN });
    server.post('posted before');
  });
  afterAll(() => server.close());

  // Which WebSocket a child gets: on Node 22+ the global one exists and a flag removes it; on Node 20 a flag adds it.
  const hostHasWebSocket = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function';
  const flags = {
    none: hostHasWebSocket ? ['--no-experimental-websocket'] : [],
    global: hostHasWebSocket ? [] : ['--experimental-websocket'],
  };

  /** Runs the consumer program; when it expects a note, posts one as soon as its homeTimeline subscription reaches the server. */
  async function consumer(
    dir: string,
    nodeFlags: string[],
    expectation: 'note' | 'unavailable',
    node = process.execPath,
  ): Promise<{ report: any; ran: Ran; upgrades: StreamServer['upgrades'] }> {
    const upgradesBefore = server.upgrades.length;
    const connectionsBefore = server.connections.length;
    let exited = false;
    const child = run(node, [...nodeFlags, '--no-warnings', 'run.mjs', server.origin, TOKEN, expectation], { cwd: dir, timeoutMs: 60_000 }).finally(() => {
      exited = true;
    });
    if (expectation === 'note') {
      const subscribed = () => server.connections.slice(connectionsBefore).some((c) => [...c.channels.values()].some((ch) => ch.channel === 'homeTimeline'));
      await waitFor(() => subscribed() || exited, 'the consumer to subscribe to homeTimeline', 60_000);
      if (subscribed()) server.post('streamed to node');
    }
    const ran = await child;
    let report: any;
    try {
      report = JSON.parse(ran.stdout);
    } catch {
      throw new Error(`the consumer printed no report (exit ${ran.code}):\n${ran.stdout}\n${ran.stderr}`);
    }
    expect(ran.code, ran.stderr).toBe(0);
    return { report, ran, upgrades: server.upgrades.slice(upgradesBefore) };
  }

  it('Node 20 with `ws` installed: HTTP calls, then a streamed note over ws, the token in a header', async () => {
    const { report, upgrades } = await consumer(withWs, flags.none, 'note');
    expect(report).toMatchObject({ globalWebSocket: false, wsResolvable: true, timeline: ['posted before'], note: 'streamed to node', stream: { state: 'closed' } });
    expect(report.error).toMatchObject({ isMisskeyError: true });
    expect(server.apiCalls).toContainEqual({ endpoint: 'notes/timeline', params: { limit: 5, i: TOKEN } });
    expect(upgrades).toHaveLength(1);
    expect(upgrades[0]).toMatchObject({ status: 101, authorization: `Bearer ${TOKEN}` });
    expect(upgrades[0]!.url.searchParams.has('i')).toBe(false);
  });

  it('a global WebSocket and no `ws` (as on Node 22+): the same, through the platform WebSocket', async () => {
    const { report, upgrades } = await consumer(withoutWs, flags.global, 'note');
    expect(report).toMatchObject({ globalWebSocket: true, wsResolvable: false, timeline: expect.arrayContaining(['posted before']), note: 'streamed to node' });
    expect(upgrades).toHaveLength(1);
    // A browser-style WebSocket cannot send headers: the token goes in the query, as Misskey accepts.
    expect(upgrades[0]!.status).toBe(101);
    expect(upgrades[0]!.authorization).toBeUndefined();
    expect(upgrades[0]!.url.searchParams.get('i')).toBe(TOKEN);
  });

  it('a real Node 22, from the npm registry: its own global WebSocket, no `ws`, no flags', { timeout: 150_000 }, async (ctx) => {
    const node = await node22;
    if ('reason' in node) {
      // In CI (MISSKEY_CODEGEN_REQUIRE_ALL=1) this throws, failing the test with the reason.
      missingPrerequisite(`Node 22 (${node.reason})`, 'the Node 22 run of the packed package (the flagged Node 20 run stands in)');
      return ctx.skip(node.reason);
    }
    const { report, upgrades } = await consumer(withoutWs, [], 'note', node.path);
    expect(report).toMatchObject({ node: node.version, globalWebSocket: true, wsResolvable: false, note: 'streamed to node' });
    expect(report.error).toMatchObject({ isMisskeyError: true });
    expect(upgrades).toHaveLength(1);
    expect(upgrades[0]!.status).toBe(101);
    expect(upgrades[0]!.url.searchParams.get('i')).toBe(TOKEN);
  });

  it('neither: HTTP still works and the stream closes as `unavailable`, saying what to do, without the token', async () => {
    const { report, ran, upgrades } = await consumer(withoutWs, flags.none, 'unavailable');
    expect(report).toMatchObject({ globalWebSocket: false, wsResolvable: false, timeline: expect.arrayContaining(['posted before']) });
    expect(report.stream).toMatchObject({ state: 'closed', kind: 'unavailable', isStreamError: true });
    expect(report.stream.message).toMatch(/ws/);
    expect(ran.stdout + ran.stderr).not.toContain(TOKEN);
    expect(upgrades).toEqual([]);
  });
});

describe('a TypeScript consumer of the packed package (skipLibCheck off)', () => {
  const matrix: [Compiler, Resolution][] = [
    ['tsc5', 'nodenext'],
    ['tsc5', 'bundler'],
    ['tsc7', 'nodenext'],
    ['tsc7', 'bundler'],
  ];
  // Compilers are child processes: running them side by side costs no more CPU and less waiting.
  describe.concurrent('type-checks cleanly', () => {
    it.each(matrix)('%s, moduleResolution %s', { timeout: 240_000 }, async (compiler, resolution) => {
      const { ok, output } = await compile(typecheck, { compiler, resolution, include: ['consumer.ts'] });
      expect(output.trim()).toBe('');
      expect(ok).toBe(true);
    });

    it('tsc7, nodenext, as a Node-only project: lib ES2022 without DOM, types: ["node"]', { timeout: 240_000 }, async () => {
      const { ok, output } = await compile(typecheck, {
        compiler: 'tsc7',
        resolution: 'nodenext',
        include: ['consumer.ts'],
        extra: { lib: ['ES2022'], types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] },
      });
      expect(output.trim()).toBe('');
      expect(ok).toBe(true);
    });
  });

  it('fails to type-check a consumer that misuses the package (the check above can fail)', { timeout: 240_000 }, async () => {
    writeFileSync(join(typecheck, 'misuse.ts'), "import { notesShow, createClient } from 'misskey-api';\nawait notesShow(createClient({ origin: 'https://x.test' }), { noteId: 1 });\n");
    const { ok, output } = await compile(typecheck, { compiler: 'tsc7', resolution: 'bundler', include: ['misuse.ts'] });
    expect(ok).toBe(false);
    expect(output).toMatch(/misuse\.ts\(2,\d+\): error TS2322/);
  });
});

describe('bundling from the installed package', () => {
  async function bundle(source: string, ignoreAnnotations = false) {
    writeFileSync(join(typecheck, 'entry.mjs'), source);
    const result = await build({
      entryPoints: [join(typecheck, 'entry.mjs')],
      absWorkingDir: typecheck,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      outfile: join(typecheck, 'out.js'),
      metafile: true,
      logLevel: 'silent',
      ignoreAnnotations,
    });
    const output = Object.values(result.metafile.outputs)[0]!;
    const included = Object.entries(output.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([k]) => k.replace(/^.*node_modules\/misskey-api\//, ''));
    return { included, bytes: result.outputFiles[0]!.contents.length };
  }

  it('one endpoint from the root bundles nothing of streaming, and only that endpoint of api.js', async () => {
    const one = await bundle(`import { createClient, notesCreate } from '${NAME}';\nawait notesCreate(createClient({ origin: 'https://x.test' }), { text: 'x' });\n`);
    expect(one.included.filter((f) => /stream|miauth/.test(f))).toEqual([]);
    expect(one.included).toContain('api.js');
    // Not even trusting `sideEffects: false`: no module has top-level effects that would keep it.
    const strict = await bundle(`import { createClient, notesCreate } from '${NAME}';\nawait notesCreate(createClient({ origin: 'https://x.test' }), { text: 'x' });\n`, true);
    expect(strict.included.filter((f) => /stream|miauth/.test(f))).toEqual([]);
    // The 438 endpoint functions compile to ~100 KB; one of them is a few dozen bytes.
    const all = await bundle(`import * as api from '${NAME}/api';\nconsole.log(Object.values(api).length);\n`);
    expect(one.bytes).toBeLessThan(all.bytes / 2);
  });

  it('importing the stream subpath does bundle streaming (the check above can fail)', async () => {
    const streaming = await bundle(`import { Stream } from '${NAME}/runtime/stream';\nnew Stream({ origin: 'https://x.test' });\n`);
    expect(streaming.included).toContain('runtime/stream/connection.js');
  });
});

describe('the TypeScript variant with --package-name: a workspace package', () => {
  it('has a private package.json whose exports are the .ts sources, every one present', () => {
    const dir = join(workspace, 'packages/misskey');
    const pkg = readJson(join(dir, 'package.json'));
    expect(pkg).toMatchObject({ name: 'misskey-workspace-client', version: '2026.7.0', private: true, type: 'module', sideEffects: false, types: './index.ts' });
    expect(pkg.exports['.']).toBe('./index.ts');
    for (const target of Object.values(pkg.exports as Record<string, string>)) expect(existsSync(join(dir, target)), target).toBe(true);
  });

  it('resolves by name for a bundler and for TypeScript (bundler resolution)', { timeout: 240_000 }, async () => {
    const app = join(workspace, 'app');
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    // What npm, pnpm and yarn workspaces do: a link in node_modules to the package folder.
    symlinkSync(join(workspace, 'packages/misskey'), join(app, 'node_modules/misskey-workspace-client'), 'dir');
    writeFileSync(
      join(app, 'app.ts'),
      "import { createClient, notesCreate, type Note } from 'misskey-workspace-client';\nimport { Stream } from 'misskey-workspace-client/runtime/stream';\n" +
        "export const note: Promise<Note> = notesCreate(createClient({ origin: 'https://x.test' }), { text: 'x' }).then((r) => r.createdNote);\nexport const S = Stream;\n",
    );
    const bundled = await build({ entryPoints: [join(app, 'app.ts')], absWorkingDir: app, bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
    expect(bundled.errors).toEqual([]);
    expect(bundled.outputFiles[0]!.text).toContain('notes/create');
    const { ok, output } = await compile(app, { compiler: 'tsc7', resolution: 'bundler', include: ['app.ts'] });
    expect(output.trim()).toBe('');
    expect(ok).toBe(true);
  });
});
