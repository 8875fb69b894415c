/**
 * The default output, TypeScript sources an app keeps in its own src tree (`generate --out
 * src/misskey`), built as such an app builds: plain `tsc` with outDir, no allowJs, no bundler. The
 * build must emit every module the app reaches and the emitted JavaScript must run. Each source file
 * tells the app's compiler not to check it (NO_CHECK, for the consumer's check time); the app's own
 * code is still checked against the package's types.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CHECK } from '../../generator/emit/package.js';
import { generateTemp, type TempPackage } from '../helpers/generate.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { generated } from '../helpers/package-cache.js';
import { COMPILERS, type Compiler } from '../helpers/tsc.js';

const run = promisify(execFile);
let pkg: TempPackage;
let server: TestServer;

beforeAll(async () => {
  pkg = await generateTemp(undefined, 'src/misskey');
  server = await startServer({
    '/api/i': { body: { id: 'u1', username: 'alice', followersCount: 3 } },
    '/api/notes/create': { status: 400, body: { error: { code: 'NO_SUCH_NOTE', message: 'No such note.', id: 'x' } } },
  });
  writeFileSync(join(pkg.dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  writeFileSync(
    join(pkg.dir, 'src/main.ts'),
    [
      "import { ApiError, createClient, i, notesCreate } from './misskey/index.js';",
      `const client = createClient({ origin: ${JSON.stringify(server.origin)}, token: 'TOKEN' });`,
      'const me = await i(client);',
      "const failed = await notesCreate(client, { text: 'hi', replyId: 'gone' }).then(() => 'sent', (e: unknown) => (e instanceof ApiError ? e.code : String(e)));",
      'console.log(`${me.username} ${me.followersCount} ${failed}`);',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(pkg.dir, 'src/wrong.ts'),
    "import { createClient, notesCreate } from './misskey/index.js';\nexport const sent = notesCreate(createClient({ origin: 'https://x.test' }), { text: 1 });\n",
  );
}, 120_000);

afterAll(async () => {
  await server?.close();
  pkg?.cleanup();
});

/** Writes `tsconfig.<name>.json`, an app's plain build of `files` into `outDir`, and runs `compiler` on it. */
async function build(compiler: Compiler, name: string, files: string[], outDir: string): Promise<{ ok: boolean; output: string }> {
  const config = join(pkg.dir, `tsconfig.${name}.json`);
  const compilerOptions = { target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, rootDir: 'src', outDir };
  writeFileSync(config, JSON.stringify({ compilerOptions, files }));
  try {
    const { stdout, stderr } = await run(process.execPath, [COMPILERS[compiler], '-p', config, '--pretty', 'false'], { cwd: pkg.dir });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: (e.stdout ?? '') + (e.stderr ?? '') || e.message };
  }
}

describe('the default output in an app built with plain tsc (outDir, no allowJs)', () => {
  it('every TypeScript source carries NO_CHECK among its first comments; the --emit js package carries it nowhere', async () => {
    const sources = [...pkg.files].filter(([path]) => path.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(10);
    for (const [path, text] of sources) {
      const leading = /^(?:\/\/[^\n]*\n)+/.exec(text)?.[0] ?? '';
      expect(leading, path).toContain(NO_CHECK);
    }
    const js = await generated(undefined, { emit: 'js' });
    for (const [path, text] of js.files) expect(text.includes('@ts-nocheck'), path).toBe(false);
  });

  it.each(['tsc5', 'tsc7'] as Compiler[])('%s: builds with the package, and the emitted JavaScript runs: a call and a typed error', { timeout: 240_000 }, async (compiler) => {
    const outDir = `dist-${compiler}`;
    const built = await build(compiler, compiler, ['src/main.ts'], outDir);
    expect(built.output.trim()).toBe('');
    expect(built.ok).toBe(true);
    for (const module of ['main.js', 'misskey/index.js', 'misskey/api.js', 'misskey/schemas.js', 'misskey/runtime/http/client.js']) {
      expect(readFileSync(join(pkg.dir, outDir, module), 'utf8').length, module).toBeGreaterThan(0);
    }
    const { stdout } = await run(process.execPath, [join(pkg.dir, outDir, 'main.js')]);
    expect(stdout.trim()).toBe('alice 3 NO_SUCH_NOTE');
  });

  it.each(['tsc5', 'tsc7'] as Compiler[])("%s: still checks the app's own code against the package's types", { timeout: 240_000 }, async (compiler) => {
    const built = await build(compiler, `${compiler}-wrong`, ['src/wrong.ts'], `dist-${compiler}-wrong`);
    expect(built.ok).toBe(false);
    const errors = built.output.split('\n').filter((line) => line.includes('error TS'));
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/^src\/wrong\.ts\(2,\d+\): error TS2322:/);
  });
});
