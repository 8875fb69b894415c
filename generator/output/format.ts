/**
 * Emitters write their text in its final form: what prettier prints with its default options
 * (../emit/layout.ts). Two things here still run prettier:
 * - `settleLayout`: the few statements an emitter marked as laid out by prettier (long or unusual
 *   types printed by openapi-typescript), formatted alone with the defaults. Nothing marked, no prettier.
 * - `formatWithConfig` (`--prettier`): every TypeScript file, in the style of the prettier config
 *   found from the output folder, for users who keep their own.
 */
import { join } from 'node:path';
import { DEFERRED } from '../emit/layout.js';

/**
 * Between two marked statements of one file, so one prettier call formats them all: a line comment
 * prettier leaves on its own line. Spec text never starts a line (comments prefix it with ` * `).
 */
const SPLIT = '\n// misskey-codegen: layout split\n';
const SPLIT_LINE = /^\/\/ misskey-codegen: layout split$/m;

export async function settleLayout(files: Map<string, string>): Promise<Map<string, string>> {
  const marked = [...files].filter(([, text]) => text.includes(DEFERRED));
  if (marked.length === 0) return files;
  const { format } = await import('prettier');
  const out = new Map(files);
  await Promise.all(
    marked.map(async ([path, text]) => {
      const parts = text.split(DEFERRED);
      // Odd parts are the marked statements: formatted together, each put back in its place.
      const statements = parts.filter((_, i) => i % 2 === 1);
      const formatted = (await format(statements.join(SPLIT), { parser: 'typescript' })).split(SPLIT_LINE);
      if (formatted.length !== statements.length) throw new Error(`format: ${path}: ${statements.length} marked statements came back as ${formatted.length}`);
      out.set(path, parts.map((part, i) => (i % 2 === 1 ? (formatted[(i - 1) / 2] as string).trim() : part)).join(''));
    }),
  );
  return out;
}

/** Every `.ts` file formatted with the prettier config that applies in `outDir` (none: prettier's defaults). */
export async function formatWithConfig(files: Map<string, string>, outDir: string): Promise<Map<string, string>> {
  const { format, resolveConfig } = await import('prettier');
  const out = new Map<string, string>();
  const entries = [...files];
  const formatted = await Promise.all(
    entries.map(async ([path, text]) => {
      if (!path.endsWith('.ts')) return text;
      const filepath = join(outDir, path);
      const config = (await resolveConfig(filepath, { editorconfig: true })) ?? {};
      return format(text, { ...config, filepath });
    }),
  );
  entries.forEach(([path], i) => out.set(path, formatted[i] as string));
  return out;
}
