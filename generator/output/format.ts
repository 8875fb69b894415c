/** Formatting generated TypeScript with prettier, so output reads like hand-written code and diffs stay small. The runtime is copied as written. */
import { format } from 'prettier';

const OPTIONS = { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all', semi: true, quoteProps: 'preserve' } as const;

export async function formatFiles(files: Map<string, string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = [...files];
  const formatted = await Promise.all(entries.map(([path, text]) => (path.endsWith('.ts') && !path.startsWith('runtime/') ? format(text, { ...OPTIONS, filepath: path }) : text)));
  entries.forEach(([path], i) => out.set(path, formatted[i] as string));
  return out;
}
