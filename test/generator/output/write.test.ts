/** generator/output/write.ts: files to disk, or only which would change; a generated folder is the generator's to tidy. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../../../generator/output/write.js';
import { tempDir } from '../../helpers/generate.js';

const dir = tempDir('mkcg-write-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFiles', () => {
  it('writes new and changed files, leaves equal ones, and says which (sorted)', async () => {
    const out = join(dir, 'a');
    expect(await writeFiles(out, new Map([['b.ts', 'b'], ['runtime/a.ts', 'a'], ['manifest.json', '{}']]), { check: false })).toEqual({ added: ['b.ts', 'manifest.json', 'runtime/a.ts'], changed: [], removed: [] });
    expect(readFileSync(join(out, 'runtime/a.ts'), 'utf8')).toBe('a');
    expect(await writeFiles(out, new Map([['b.ts', 'B'], ['runtime/a.ts', 'a'], ['manifest.json', '{}']]), { check: false })).toEqual({ added: [], changed: ['b.ts'], removed: [] });
  });

  it('removes the .ts and .json files a generated folder no longer gets, keeping the user’s other files and node_modules', async () => {
    const out = join(dir, 'b');
    await writeFiles(out, new Map([['old.ts', 'x'], ['manifest.json', '{}']]), { check: false });
    writeFileSync(join(out, 'notes.md'), 'mine');
    mkdirSync(join(out, 'node_modules'));
    writeFileSync(join(out, 'node_modules', 'x.ts'), 'dep');
    expect(await writeFiles(out, new Map([['manifest.json', '{}']]), { check: false })).toEqual({ added: [], changed: [], removed: ['old.ts'] });
    expect([existsSync(join(out, 'old.ts')), existsSync(join(out, 'notes.md')), existsSync(join(out, 'node_modules', 'x.ts'))]).toEqual([false, true, true]);
  });

  it('removes nothing from a folder that holds no generated package', async () => {
    const out = join(dir, 'c');
    mkdirSync(out);
    writeFileSync(join(out, 'own.ts'), 'mine');
    expect((await writeFiles(out, new Map([['a.ts', 'a']]), { check: false })).removed).toEqual([]);
    expect(existsSync(join(out, 'own.ts'))).toBe(true);
  });

  it('with check, says the same and writes nothing', async () => {
    const out = join(dir, 'd');
    expect(await writeFiles(out, new Map([['a.ts', 'a']]), { check: true })).toEqual({ added: ['a.ts'], changed: [], removed: [] });
    expect(existsSync(out)).toBe(false);
  });
});
