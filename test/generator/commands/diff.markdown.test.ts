/**
 * `diff --markdown` and `generate --markdown`: the change summary as Markdown for a pull request,
 * compared with a golden file, and escaped so spec text cannot open markup or break a table row.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDiff } from '../../../generator/commands/diff.js';
import { runGenerate } from '../../../generator/commands/generate.js';
import { diffModels, renderMarkdown } from '../../../generator/diff/index.js';
import { tempDir } from '../../helpers/generate.js';
import { model, withParams } from '../../helpers/model.js';
import { ROOT } from '../../helpers/specs.js';

const FIXTURES = join(ROOT, 'test/fixtures/specs/diff');
const dir = tempDir('mkcg-diff-md-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { stdout: () => {}, stderr: () => {}, cwd: dir };

describe('diff --markdown', () => {
  it('writes the changes between two specs as the golden Markdown', async () => {
    const code = await runDiff({ old: join(FIXTURES, 'constraints-base.json'), new: join(FIXTURES, 'constraints-fork.json'), markdown: 'out/changes.md' }, quiet);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'out/changes.md'), 'utf8')).toBe(readFileSync(join(FIXTURES, 'constraints.md'), 'utf8'));
  });

  it('escapes spec text: no table cell, link, HTML or line break can be opened from a name', () => {
    const hostile = 'x|y<img src=x>[a](b)\n## h';
    const before = model({ version: '1', endpoints: [withParams('notes/create', { type: 'object', properties: { [hostile]: { type: 'string' } } })] });
    const after = model({ version: '2', endpoints: [withParams('notes/create', { type: 'object', properties: {} })] });
    const text = renderMarkdown(diffModels(before, after));
    const row = text.split('\n').find((l) => l.startsWith('| ❗'))!;
    expect(row).toBe('| ❗ breaking | notes/create | param \\`x\\|y\\<img src=x\\>\\[a\\](b) \\#\\# h\\` removed |');
    expect(row.split(/(?<!\\)\|/).length).toBe(5);
  });
});

describe('generate --markdown', () => {
  it('says it is a first generation, then what changed when it regenerates over the package', { timeout: 300_000 }, async () => {
    const out = mkdtempSync(join(dir, 'pkg-'));
    expect(await runGenerate({ spec: join(FIXTURES, 'constraints-base.json'), out, check: false, internal: true, quiet: true, json: false, timeout: 30, markdown: 'first.md' }, quiet)).toBe(0);
    expect(readFileSync(join(dir, 'first.md'), 'utf8')).toMatch(/^### API: misskey .+\n\nFirst generation: \d+ endpoints; no earlier package to compare with\.\n$/);
    expect(await runGenerate({ spec: join(FIXTURES, 'constraints-fork.json'), out, check: false, internal: true, quiet: true, json: false, timeout: 30, markdown: 'again.md' }, quiet)).toBe(0);
    expect(readFileSync(join(dir, 'again.md'), 'utf8')).toBe(readFileSync(join(FIXTURES, 'constraints.md'), 'utf8'));
  });
});
