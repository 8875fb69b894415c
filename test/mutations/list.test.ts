/**
 * The mutation list (./list.js, run by `npm run test:mutations`) cannot rot silently: every mutation
 * still applies to the code as it is now, and names test files that exist. And the command itself
 * works, on one cheap mutation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shell } from '../helpers/npm.js';
import { ROOT } from '../helpers/specs.js';
import { MUTATIONS } from './list.js';
import { GOLDEN_TEST, mutate } from './run.js';

describe('mutation list', () => {
  it('has unique ids and covers the behaviours the suite must guard', () => {
    const ids = MUTATIONS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['token-in-i', 'redaction', 'resubscribe-notes', 'retry-writes', 'permission-parsing', 'comment-escaping', 'probe-write-permission', 'pagination-guard'])
      expect(ids).toContain(id);
  });

  it.each(MUTATIONS.map((m) => [m.id, m] as const))('%s: its find text occurs exactly once in its file, and the mutation changes it', (_, m) => {
    const path = join(ROOT, m.file);
    expect(existsSync(path), m.file).toBe(true);
    const text = readFileSync(path, 'utf8');
    const applied = mutate(text, m);
    expect(applied, `${m.file}: find text ${JSON.stringify(m.find)}`).toMatchObject({ ok: true });
    expect(applied.ok && applied.text).not.toBe(text);
  });

  it.each(MUTATIONS.map((m) => [m.id, m] as const))('%s: runs test files that exist, never the golden test', (_, m) => {
    expect(m.tests.length).toBeGreaterThan(0);
    for (const file of m.tests) {
      expect(existsSync(join(ROOT, file)), file).toBe(true);
      expect(file).toMatch(/\.test\.ts$/);
      expect(file).not.toBe(GOLDEN_TEST);
    }
  });
});

describe('mutate', () => {
  const m = { ...MUTATIONS[0]!, find: 'b', replace: '$&-' };
  it('replaces the one occurrence literally ($& is not special)', () => {
    expect(mutate('abc', m)).toEqual({ ok: true, text: 'a$&-c' });
  });
  it('reports a find text that is missing or ambiguous, with its count', () => {
    expect(mutate('ac', m)).toEqual({ ok: false, count: 0 });
    expect(mutate('abcb', m)).toEqual({ ok: false, count: 2 });
  });
});

describe('npm run test:mutations', () => {
  it('kills a mutation by the test that names it, on a copy, and prints the table', { timeout: 120_000 }, async () => {
    const source = readFileSync(join(ROOT, 'generator/emit/safe.ts'), 'utf8');
    const ran = await shell('npm run -s test:mutations -- proto-own-key', ROOT);
    expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^\| proto-own-key \| killed \| test\/generator\/emit\/safe\.test\.ts: property keys > .*__proto__.* \| [\d.]+ s \|$/m);
    expect(ran.stdout).toContain('all 1 mutations killed');
    expect(readFileSync(join(ROOT, 'generator/emit/safe.ts'), 'utf8')).toBe(source);
  });

  it('names an unknown mutation and exits 2, before copying anything', async () => {
    const ran = await shell('npm run -s test:mutations -- no-such-mutation', ROOT);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^test:mutations: no such mutation: no-such-mutation \(have: token-in-i, /m);
  });
});
