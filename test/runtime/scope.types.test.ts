/**
 * Type-level contract of permission scopes (through `request`, `paginate`, the endpoint functions and
 * MiAuth's approved client), pagination and retry options, checked by compiling fixtures against a
 * generated package (the reference spec) with TypeScript 5.9 and 7.
 * test/fixtures/scoped/allowed.ts must compile cleanly; in refused.ts exactly the lines marked
 * `// error: <text>` must fail, each with <text> in its message (so the message names the permission).
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTemp, type TempPackage } from '../helpers/generate.js';
import { compile, type Compiler, type Resolution } from '../helpers/tsc.js';
import { ROOT } from '../helpers/specs.js';

const FIXTURES = join(ROOT, 'test/fixtures/scoped');
const MATRIX: [Compiler, Resolution][] = [
  ['tsc5', 'nodenext'],
  ['tsc7', 'nodenext'],
  ['tsc7', 'bundler'],
];

/** line number → expected text, from `// error: text` markers. */
function expectedErrors(file: string): Map<number, string> {
  const marks = new Map<number, string>();
  readFileSync(join(FIXTURES, file), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /\/\/ error: (.+)$/.exec(line);
      if (m) marks.set(i + 1, m[1] as string);
    });
  return marks;
}

/** `file(line,col): error TSxxxx: message` plus its indented continuation lines, grouped by line. */
function diagnostics(output: string, file: string): Map<number, string> {
  const byLine = new Map<number, string>();
  let current: number | undefined;
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line);
    if (m) {
      current = m[1]?.endsWith(file) ? Number(m[2]) : undefined;
      if (current === undefined) throw new Error(`unexpected error outside ${file}: ${line}`);
      byLine.set(current, `${byLine.get(current) ?? ''}${m[3]}\n`);
    } else if (current !== undefined && /^\s/.test(line)) {
      byLine.set(current, `${byLine.get(current)}${line.trim()}\n`);
    }
  }
  return byLine;
}

describe('type-level: scoped clients, paginate, retry options', () => {
  let pkg: TempPackage;
  beforeAll(async () => {
    pkg = await generateTemp(undefined);
    for (const f of ['allowed.ts', 'refused.ts']) copyFileSync(join(FIXTURES, f), join(pkg.dir, f));
  });
  afterAll(() => pkg?.cleanup());

  it('the markers are there (a fixture that lost them would test nothing)', () => {
    const marks = [...expectedErrors('refused.ts').values()];
    expect(marks.length).toBeGreaterThanOrEqual(12);
    expect(marks).toContain(`'missing permission': "write:drive"`);
    expect(marks).toContain(`'missing permission': "read:admin:meta"`);
    // Endpoint functions are checked too, not only `request` and `paginate`.
    expect(marks).toContain('"write:drive"');
    expect(marks).toContain('"needs a full-access (native) token"');
  });

  // One compile per compiler for both fixtures (tsc 5 needs tens of seconds on a busy 2-core machine).
  it.each(MATRIX)(
    '%s (%s): allowed calls compile, refused ones fail naming what is missing',
    async (compiler, resolution) => {
      const result = await compile(pkg.dir, { compiler, resolution, include: ['client/**/*.ts', 'allowed.ts', 'refused.ts'] });
      expect(result.ok).toBe(false);
      // Throws on any error outside refused.ts, e.g. in allowed.ts.
      const got = diagnostics(result.output, 'refused.ts');
      const want = expectedErrors('refused.ts');
      expect([...got.keys()].sort((a, b) => a - b)).toEqual([...want.keys()]);
      for (const [line, text] of want) expect(got.get(line), `refused.ts:${line}`).toContain(text);
    },
    240_000,
  );
});
