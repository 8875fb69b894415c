/**
 * Compile failures (generator/output/compile-js.ts, which compiles the runtime and templates at build
 * and any generated package on demand): the error names the file and line, and the spec construct
 * the failing declaration came from. `--emit js` no longer compiles while generating
 * (test/generator/emit/js-package.test.ts). The generator emits nothing that fails to compile
 * (test/package/hostile.test.ts), so failures are made here by breaking one declaration of a real
 * package before it is compiled.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompileError, compileJs } from '../../../generator/output/compile-js.js';
import { originOf } from '../../../generator/emit/origins.js';
import { buildPackage } from '../../../generator/generate.js';
import { loadSpec } from '../../../generator/load/index.js';
import { ROOT } from '../../helpers/specs.js';

type Files = Map<string, string>;

const spec = (name: string) => join(ROOT, `test/fixtures/specs/${name}.json`);

/** `text` with the first `from` after `anchor` replaced by `to`. */
function replaceAfter(text: string, anchor: string, from: string, to: string): string {
  const at = text.indexOf(anchor);
  const index = text.indexOf(from, at);
  if (at < 0 || index < 0) throw new Error(`${anchor} … ${from} not found`);
  return text.slice(0, index) + to + text.slice(index + from.length);
}

/** endpointMeta's entry for `retries` gets a credential that is no boolean: a type error where the program checks. */
const breakRetries = (files: Files) => new Map(files).set('permissions.ts', replaceAfter(files.get('permissions.ts') ?? '', '  retries: {', 'credential: false', 'credential: "no"'));

describe('compileJs', () => {
  it('traces a type error in endpointMeta to the endpoint whose description it came from', async () => {
    const { model, files } = await buildPackage(await loadSpec({ spec: spec('hostile-names') }));
    let error: unknown;
    try {
      compileJs(breakRetries(files), { originOf: originOf(model) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    const { message, problems } = error as CompileError;
    expect(message).toMatch(/^compiling the generated package to JavaScript failed:\npermissions\.ts\(\d+,\d+\): error TS2322: .* — from endpoint "retries" at #\/paths\/~1retries\/post \(access rules from its description\)$/m);
    expect(problems[0]).toMatchObject({ file: 'permissions.ts', line: expect.any(Number), origin: expect.stringContaining('#/paths/~1retries/post') });
    // Not passed here: the error carries the run's warnings only when given them (generate does).
    expect((error as CompileError).warnings).toEqual([]);
  });

  it('traces a syntax error in a schema to the component and property', async () => {
    const { model, files } = await buildPackage(await loadSpec({ spec: spec('hostile-slashes') }));
    const broken = new Map(files).set('schemas.ts', replaceAfter(files.get('schemas.ts') ?? '', 'export interface BaSe {', '"%zz"?: string;', '"%zz"?: string string;'));
    expect(() => compileJs(broken, { originOf: originOf(model) })).toThrow(/^schemas\.ts\(\d+,\d+\): error TS\d+: .* — from schema "Ba\/se" at #\/components\/schemas\/Ba~1se, property 100%/m);
  });
});
