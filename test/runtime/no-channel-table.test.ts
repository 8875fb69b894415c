/**
 * The runtime knows no Misskey channel: which channels are shared, how a timeline is re-read and what the
 * liveness probe connects to all come from the generated `channelMeta`. So no string in the runtime's code
 * (comments aside) is a channel name or a timeline endpoint of that table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fromSources } from '../helpers/from-sources.js';
import { ROOT } from '../helpers/specs.js';

const { channelMeta } = await fromSources<typeof import('../../generated/misskey-2026.7.0/permissions.js')>('permissions.ts');

/** The string literals of a TypeScript source (template literal parts included), comments left out. */
function strings(text: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true));
  return found;
}

describe('the runtime', () => {
  it('names no channel and no timeline endpoint of channelMeta in its code', () => {
    const table = new Set<string>();
    for (const [name, rule] of Object.entries(channelMeta)) {
      // The `channel` channel shares its name with a frame of the protocol (`{"type": "channel", …}`).
      if (name !== 'channel') table.add(name);
      if (rule.timeline) table.add(rule.timeline.endpoint);
    }
    expect(table.has('localTimeline') && table.has('notes/timeline')).toBe(true);
    const dir = join(ROOT, 'runtime');
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const named = files.flatMap((file) => strings(readFileSync(join(dir, file), 'utf8')).filter((s) => table.has(s)).map((s) => `${file}: '${s}'`));
    expect(named).toEqual([]);
  });

  it('the check finds a channel table written in code', () => {
    expect(strings("const SHARED = ['main', 'drive']; // 'homeTimeline'\n/** 'localTimeline' */").filter((s) => s in channelMeta)).toEqual(['main', 'drive']);
  });
});
