/** generator/output/format.ts: generated TypeScript through prettier; everything else as it is. */
import { describe, expect, it } from 'vitest';
import { formatFiles } from '../../../generator/output/format.js';

describe('formatFiles', () => {
  it('formats generated TypeScript (single quotes, keys as written), and leaves the runtime and other files alone', async () => {
    const files = new Map([
      ['api.ts', 'export const x = {"a-b": "y"}'],
      ['runtime/client.ts', 'export const x = {"a": "y"}'],
      ['manifest.json', '{"a":1}'],
    ]);
    expect(await formatFiles(files)).toEqual(
      new Map([
        ['api.ts', "export const x = { 'a-b': 'y' };\n"],
        ['runtime/client.ts', 'export const x = {"a": "y"}'],
        ['manifest.json', '{"a":1}'],
      ]),
    );
  });
});
