/**
 * Issue #7: the generated package installs and works wherever a Misskey app runs. One JavaScript
 * package is generated with the CLI (`--emit js`), packed with `npm pack` and installed from the
 * tarball into fresh projects; then:
 * - publint and attw find nothing wrong with it;
 * - plain Node ESM programs import it by name and make requests and a streaming subscription against
 *   local servers: with `ws` (Node 20), with a global WebSocket and no `ws` (Node 22+; on Node 20 via
 *   --experimental-websocket, the same undici WebSocket), and with neither (a clear failure);
 * - every runtime, installed as README's "Runtimes" says (`npm install --install-links ./misskey`), runs the same
 *   program (calls, a typed error, one streaming channel): real Node 22 and 24, Deno 2 and Bun 1 binaries
 *   from npm's platform packages, each skipped with the reason when it cannot be fetched (in CI: failed);
 *   Deno type-checks a consumer against the package's declarations, no flags;
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
import { mustRun, userEnv } from '../../helpers/npm.js';
import { consumerProject, pack, readJson, run, runtimeBinary, wsTarball, type Ran, type Runtime } from '../../helpers/portability.js';

const FIXTURES = join(ROOT, 'test/fixtures/portability');
const TOKEN = 'tok-portable-secret';
const NAME = 'misskey-api';
const work = tempDir('mkcg-portable-');
let tarball: string;
let packed: string[];
let withWs: string;
let withoutWs: string;
let typecheck: string;
let workspace: string;

/** README's "Runtimes" commands, as written there; a runtime's command runs with the binary fetched for it. */
const README = {
  generate: 'npx misskey-codegen generate --emit js --out misskey',
  install: 'npm install --install-links ./misskey',
  node: 'node main.js',
  deno: 'deno run --allow-net main.js',
  bun: 'bun main.js',
};
/** The runtimes beyond the host's Node 20 (which the tests above cover), each run once over runtime-consumer.mjs. */
const RUNTIMES: { name: string; runtime: Runtime; major: number }[] = [
  { name: 'Node 22', runtime: 'node', major: 22 },
  { name: 'Node 24', runtime: 'node', major: 24 },
  { name: 'Deno 2', runtime: 'deno', major: 2 },
  { name: 'Bun 1', runtime: 'bun', major: 1 },
];
// Fetched (or found in the cache) while the package builds; a test whose runtime cannot be had skips, saying why (in CI it fails).
const binaries = new Map<string, ReturnType<typeof runtimeBinary>>();
/** The folder README's commands run in: the package generated into misskey/, installed from there (a copy in node_modules), main.js beside it. */
const app = join(work, 'app');
const pkgDir = join(app, 'misskey');

beforeAll(async () => {
  for (const { name, runtime, major } of RUNTIMES) binaries.set(name, runtimeBinary(runtime, major));
  // The workspace variant generates in this process while the CLI builds the JavaScript one in a child.
  const tsVariant = (async () => {
    const { files } = await buildPackage(await loadSpec({}), { packageName: 'misskey-workspace-client' });
    workspace = join(work, 'workspace');
    writeTree(join(workspace, 'packages/misskey'), files);
  })();
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }, null, 2));
  const generated = await run(process.execPath, [join(ROOT, 'dist/generator/cli.js'), ...README.generate.split(' ').slice(2), '--json'], { cwd: app, timeoutMs: 240_000 });
  if (generated.code !== 0) throw new Error(`${README.generate} failed:\n${generated.stderr}`);
  const installed = mustRun(README.install, app, { env: userEnv({ npm_config_offline: 'true' }) });
  const tarballs = join(work, 'tarballs');
  ({ tarball, files: packed } = await pack(pkgDir, tarballs));
  const ws = await wsTarball(tarballs);
  [withWs, withoutWs, typecheck] = await Promise.all([
    consumerProject(join(work, 'with-ws'), [tarball, ws]),
    consumerProject(join(work, 'without-ws'), [tarball]),
    consumerProject(join(work, 'typecheck'), [tarball]),
  ]);
  for (const dir of [withWs, withoutWs]) copyFileSync(join(FIXTURES, 'runtime-consumer.mjs'), join(dir, 'run.mjs'));
  await installed;
  copyFileSync(join(FIXTURES, 'runtime-consumer.mjs'), join(app, 'main.js'));
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

describe('a program using the package by name (calls, a typed error, one streaming channel) against local servers', () => {
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

  /** The host's Node on the consumer program, with these flags. */
  const onHost = (nodeFlags: string[]) => [process.execPath, ...nodeFlags, '--no-warnings', 'run.mjs'];

  /**
   * Runs the consumer program (`command`: the runtime and its arguments up to the script), in `dir`; when it expects a note,
   * posts one as soon as its homeTimeline subscription reaches the server.
   */
  async function consumer(dir: string, command: string[], expectation: 'note' | 'unavailable', env?: NodeJS.ProcessEnv): Promise<{ report: any; ran: Ran; upgrades: StreamServer['upgrades'] }> {
    const upgradesBefore = server.upgrades.length;
    const connectionsBefore = server.connections.length;
    let exited = false;
    const [runtime, ...args] = command as [string, ...string[]];
    const child = run(runtime, [...args, server.origin, TOKEN, expectation], { cwd: dir, timeoutMs: 60_000, env }).finally(() => {
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

  it('Node 20, installed from the tarball, with `ws`: HTTP calls, then a streamed note over ws, the token in a header', async () => {
    const { report, upgrades } = await consumer(withWs, onHost(flags.none), 'note');
    expect(report).toMatchObject({ globalWebSocket: false, wsResolvable: true, timeline: ['posted before'], note: 'streamed to node', stream: { state: 'closed' } });
    expect(report.error).toMatchObject({ isMisskeyError: true });
    expect(server.apiCalls).toContainEqual({ endpoint: 'notes/timeline', params: { limit: 5, i: TOKEN } });
    expect(upgrades).toHaveLength(1);
    expect(upgrades[0]).toMatchObject({ status: 101, authorization: `Bearer ${TOKEN}` });
    expect(upgrades[0]!.url.searchParams.has('i')).toBe(false);
  });

  it('a global WebSocket and no `ws` (as on Node 22+): the same, through the platform WebSocket', async () => {
    const { report, upgrades } = await consumer(withoutWs, onHost(flags.global), 'note');
    expect(report).toMatchObject({ globalWebSocket: true, wsResolvable: false, timeline: expect.arrayContaining(['posted before']), note: 'streamed to node' });
    expect(upgrades).toHaveLength(1);
    // A browser-style WebSocket cannot send headers: the token goes in the query, as Misskey accepts.
    expect(upgrades[0]!.status).toBe(101);
    expect(upgrades[0]!.authorization).toBeUndefined();
    expect(upgrades[0]!.url.searchParams.get('i')).toBe(TOKEN);
  });

  it('neither: HTTP still works and the stream closes as `unavailable`, saying what to do, without the token', async () => {
    const { report, ran, upgrades } = await consumer(withoutWs, onHost(flags.none), 'unavailable');
    expect(report).toMatchObject({ globalWebSocket: false, wsResolvable: false, timeline: expect.arrayContaining(['posted before']) });
    expect(report.stream).toMatchObject({ state: 'closed', kind: 'unavailable', isStreamError: true });
    expect(report.stream.message).toMatch(/ws/);
    expect(ran.stdout + ran.stderr).not.toContain(TOKEN);
    expect(upgrades).toEqual([]);
  });

  it('README names each runtime\'s commands as this file runs them', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Runtimes'), readme.indexOf('\n## ', readme.indexOf('## Runtimes') + 1));
    for (const command of Object.values(README)) expect(section).toContain(command);
  });

  // Installed from its folder as README says, with no `ws`: every runtime here has its own WebSocket.
  it.for(RUNTIMES.map(({ name, runtime }) => [name, runtime] as const))(
    '%s from npm, installed as README "Runtimes" says, runs it with no flag but network access: calls, a typed error narrowed by isEndpointError, a streamed note, the token in the query',
    { timeout: 200_000 },
    async ([name, runtime], ctx) => {
      const binary = await binaries.get(name)!;
      if ('reason' in binary) {
        // In CI (MISSKEY_CODEGEN_REQUIRE_ALL=1) this throws, failing the test with the reason.
        missingPrerequisite(`${name} (${binary.reason})`, `the ${name} run of the generated package`);
        return ctx.skip(binary.reason);
      }
      const [, ...args] = README[runtime].split(' ');
      const { report, upgrades } = await consumer(app, [binary.path, ...args], 'note', runtimeEnv(app));
      expect(report).toMatchObject({ runtime: `${runtime} ${binary.version}`, globalWebSocket: true, timeline: expect.arrayContaining(['posted before']), note: 'streamed to node' });
      expect(report.error).toMatchObject({ name: 'ApiError', isMisskeyError: true, narrowed: true, code: 'NO_SUCH_NOTE' });
      expect(upgrades).toHaveLength(1);
      expect(upgrades[0]!.status).toBe(101);
      expect(upgrades[0]!.url.searchParams.get('i')).toBe(TOKEN);
    },
  );

  /**
   * How a Deno program can import the package, as README says: by its name once installed, or its files directly (then
   * Deno reads each module's types from its `@ts-self-types` comment: it does not look for x.d.ts beside x.js).
   */
  const DENO_IMPORTS = [
    ['the installed package', 'misskey-api'],
    ['its files directly', './misskey/index.js'],
  ] as const;
  it.for(DENO_IMPORTS)("Deno 2 type-checks a program importing %s against the package's declarations, no flags: a misuse is the one type error", { timeout: 200_000 }, async ([, from], ctx) => {
    const binary = await binaries.get('Deno 2')!;
    if ('reason' in binary) {
      missingPrerequisite(`Deno 2 (${binary.reason})`, 'the Deno 2 type-check of the generated package');
      return ctx.skip(binary.reason);
    }
    const dir = join(app, `deno-check-${DENO_IMPORTS.findIndex(([, f]) => f === from)}`);
    mkdirSync(dir, { recursive: true });
    const specifier = from.startsWith('./') ? `.${from}` : from;
    writeFileSync(join(dir, 'good.ts'), `import { createClient, notesShow, type Note } from '${specifier}';\nexport const note: Promise<Note> = notesShow(createClient({ origin: 'https://x.test' }), { noteId: 'x' });\n`);
    writeFileSync(join(dir, 'misuse.ts'), `import { createClient, notesShow } from '${specifier}';\nawait notesShow(createClient({ origin: 'https://x.test' }), { noteId: 1 });\n`);
    // One run for both: fewer seconds, and the misuse must be the only error.
    const checked = await run(binary.path, ['check', 'good.ts', 'misuse.ts'], { cwd: dir, env: runtimeEnv(app) });
    expect(checked.code).not.toBe(0);
    expect(checked.stderr.match(/TS\d+ \[ERROR\]/g), checked.stderr).toEqual(['TS2322 [ERROR]']);
    expect(checked.stderr).toMatch(/TS2322 \[ERROR\]: Type 'number' is not assignable to type 'string'[\s\S]*misuse\.ts:2:/);
  });

  it("Deno 2 does not run the TypeScript sources without --sloppy-imports (README's reason to use --emit js): `./schemas.js` is no file there", { timeout: 200_000 }, async (ctx) => {
    const binary = await binaries.get('Deno 2')!;
    if ('reason' in binary) {
      missingPrerequisite(`Deno 2 (${binary.reason})`, 'the Deno 2 run of the TypeScript sources');
      return ctx.skip(binary.reason);
    }
    const sources = join(workspace, 'packages/misskey');
    writeFileSync(join(workspace, 'deno.ts'), "import { createClient } from './packages/misskey/index.ts';\nconsole.log(typeof createClient);\n");
    const plain = await run(binary.path, ['run', 'deno.ts'], { cwd: workspace, env: runtimeEnv(app) });
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toContain(`Module not found "file://${join(sources, 'schemas.js')}"`);
    const sloppy = await run(binary.path, ['run', '--sloppy-imports', 'deno.ts'], { cwd: workspace, env: runtimeEnv(app) });
    expect(sloppy.stdout.trim(), sloppy.stderr).toBe('function');
  });
});

/** A runtime's environment: no update checks, no colours, Deno's cache inside the test's folder. */
function runtimeEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, DENO_DIR: join(dir, '.deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
}

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
