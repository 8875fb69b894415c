/**
 * Validation costs nothing to apps that do not turn it on: the one-endpoint app bundles (esbuild,
 * minified, browser ESM) to the same bytes whether or not the package carries the validation
 * feature (validation.ts, runtime/validate.ts and its re-export), and holds none of it. An app that
 * does use it gets it.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/generate.js';
import { ROOT } from '../helpers/specs.js';

const GENERATED = join(ROOT, 'generated/misskey-2026.7.0');
const dir = tempDir('mkcg-bundle-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ONE_ENDPOINT_APP = `
import { createClient, meta } from './pkg/index.js';
const client = createClient({ origin: 'https://misskey.example' });
meta(client).then((m) => console.log(m.version));
`;

const VALIDATING_APP = `
import { createClient, createValidator, meta } from './pkg/index.js';
import { resultSchemas } from './pkg/validation.js';
const client = createClient({ origin: 'https://misskey.example', validate: createValidator(resultSchemas, { mode: 'throw' }) });
meta(client).then((m) => console.log(m.version));
`;

/** A copy of the reference package (TypeScript sources only); `withoutValidation` removes the feature. */
function makeApp(name: string, app: string, withoutValidation = false): string {
  const root = join(dir, name);
  cpSync(GENERATED, join(root, 'pkg'), { recursive: true, filter: (src) => !/\.json$/.test(src) });
  if (withoutValidation) {
    rmSync(join(root, 'pkg/validation.ts'));
    rmSync(join(root, 'pkg/runtime/validate.ts'));
    const index = join(root, 'pkg/runtime/index.ts');
    const text = readFileSync(index, 'utf8');
    const line = "export * from './validate.js';\n";
    expect(text).toContain(line);
    writeFileSync(index, text.replace(line, ''));
  }
  writeFileSync(join(root, 'app.ts'), app);
  return join(root, 'app.ts');
}

async function bundle(entry: string): Promise<{ bytes: number; text: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const [out] = result.outputFiles;
  const metafile = result.metafile as Metafile;
  // Modules that put bytes into the bundle (a re-exported module that is then dropped is still listed, at 0 bytes).
  const output = Object.values(metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([path]) => path);
  return { bytes: out!.contents.length, text: out!.text, inputs };
}

describe('bundle size of the one-endpoint app', () => {
  it('is the same with and without the validation feature in the package', async () => {
    const [withFeature, withoutFeature] = await Promise.all([
      bundle(makeApp('with', ONE_ENDPOINT_APP)),
      bundle(makeApp('without', ONE_ENDPOINT_APP, true)),
    ]);
    console.log(`one-endpoint app: ${withFeature.bytes} bytes with the validation feature, ${withoutFeature.bytes} without`);
    expect(withFeature.bytes).toBe(withoutFeature.bytes);
    // (Not byte-identical text: esbuild picks minified names from symbol counts that include dropped code.)
    expect(withFeature.inputs.filter((p) => /validat/.test(p))).toEqual([]);
    expect(withFeature.text).not.toMatch(/ResponseValidationError|a required property|noContent|"results"/);
  });

  it('grows by the validator and its data when the app turns validation on', async () => {
    const plain = await bundle(makeApp('plain', ONE_ENDPOINT_APP));
    const validating = await bundle(makeApp('validating', VALIDATING_APP));
    console.log(`validating app: ${validating.bytes} bytes (+${validating.bytes - plain.bytes})`);
    expect(validating.inputs).toEqual(expect.arrayContaining([expect.stringMatching(/pkg\/validation\.ts$/), expect.stringMatching(/pkg\/runtime\/validate\.ts$/)]));
    expect(validating.bytes - plain.bytes).toBeGreaterThan(50_000);
  });
});
