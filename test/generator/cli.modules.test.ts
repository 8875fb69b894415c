/**
 * What a default `generate` loads, recorded in a fresh CLI process by module hooks. Every run loads
 * every command module (yargs needs their options); what a command does beyond that is imported when
 * it runs. So generating TypeScript pays neither for comparing (no package in --out yet), probing,
 * usage analysis, MiAuth, the mock server or JavaScript output, nor for prettier when no statement
 * is left to it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/generate.js';

// Resolve hooks see every ES module; CommonJS ones (typescript, ajv, ws) are in require's cache at exit.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.LOADED_LOG, resolved.url + '\\n');
  return resolved;
}
`;
const REGISTER = `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
register('./hooks.mjs', import.meta.url);
const { cache } = createRequire(import.meta.url);
process.on('exit', () => appendFileSync(process.env.LOADED_LOG, Object.keys(cache).map((p) => pathToFileURL(p).href).join('\\n') + '\\n'));
`;

async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const dir = tempDir('mkcg-modules-');
  writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
  writeFileSync(join(dir, 'register.mjs'), REGISTER);
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  const result = await runCli(args, { cwd: dir, env: { LOADED_LOG: log, NODE_OPTIONS: `--import=${join(dir, 'register.mjs')}` } });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('generate loads only what generating needs', () => {
  it('a default generate into an empty folder loads no diff, probe, usage, MiAuth, mock, --emit js or prettier module', async () => {
    const dir = tempDir('mkcg-modules-out-');
    const loaded = await modulesLoadedBy(['generate', '--out', join(dir, 'client'), '--quiet']);
    // The hooks saw the run: the pipeline and the compiler are there.
    expect(loaded.some((url) => url.endsWith('/dist/generator/generate.js'))).toBe(true);
    expect(loaded.some((url) => url.endsWith('/node_modules/typescript/lib/typescript.js'))).toBe(true);
    const unneeded = loaded.filter((url) =>
      /\/dist\/generator\/(diff\/|probe\/(run|report)\.js|usage\/(index|compat|render)\.js|mock\/|emit\/js-(package|files)\.js|output\/compile(d-assets|-js)\.js)|\/dist\/runtime\/(miauth|http\/client)\.js|\/node_modules\/(prettier|ajv|ws|undici)\//.test(url),
    );
    expect([...new Set(unneeded)]).toEqual([]);
  });
});
