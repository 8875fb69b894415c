/** generator/output/format.ts: only marked statements go through prettier by default; `--prettier` formats with the output folder's config. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byPrettier } from '../../../generator/emit/layout.js';
import { formatWithConfig, settleLayout } from '../../../generator/output/format.js';
import { tempDir } from '../../helpers/generate.js';

describe('settleLayout', () => {
  it('formats only the marked statements, each in its place, with prettier defaults', async () => {
    const files = new Map([
      ['api.ts', `// kept {as:'is'}\n${byPrettier("export type A = {'a-b': 'y'}")}\n\nexport const x = 1\n${byPrettier('export type B = 1|2')}\n`],
      ['manifest.json', '{"a":1}'],
    ]);
    expect(await settleLayout(files)).toEqual(
      new Map([
        ['api.ts', `// kept {as:'is'}\nexport type A = { "a-b": "y" };\n\nexport const x = 1\nexport type B = 1 | 2;\n`],
        ['manifest.json', '{"a":1}'],
      ]),
    );
  });
});

describe('formatWithConfig (--prettier)', () => {
  it("honours a .prettierrc in the output folder, and formats the runtime too", async () => {
    const out = tempDir('mkcg-prettierrc-');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, '.prettierrc'), JSON.stringify({ singleQuote: true, semi: false }));
    const files = new Map([
      ['api.ts', 'export const x = "y";\n'],
      ['runtime/client.ts', 'export const y = "z";\n'],
      ['manifest.json', '{"a":1}'],
    ]);
    expect(await formatWithConfig(files, out)).toEqual(
      new Map([
        ['api.ts', "export const x = 'y'\n"],
        ['runtime/client.ts', "export const y = 'z'\n"],
        ['manifest.json', '{"a":1}'],
      ]),
    );
  });
});
