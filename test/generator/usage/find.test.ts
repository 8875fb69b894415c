/**
 * The uses found in the client-style fixture app (test/fixtures/usage/client): a re-exported client,
 * endpoint names as unions, a generic wrapper, streaming, note capture, MiAuth, and names the checker
 * only knows as `string` — each with its place, exactly.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppAnalysis } from '../../../generator/usage/index.js';
import { analyzed, CLIENT_APP, line } from '../../helpers/usage.js';

let app: AppAnalysis;
beforeAll(async () => {
  app = await analyzed(join(CLIENT_APP, 'tsconfig.json'));
}, 120_000);

/** The feature files each call one endpoint function, at line 7: read from the files themselves, not from the analysis. */
function featureUses(): string[] {
  const identifiers = new Map(app.model.endpoints.map((e) => [e.identifier, e.name]));
  const dir = join(CLIENT_APP, 'src/features');
  return readdirSync(dir)
    .sort()
    .map((file) => {
      const called = /return (\w+)\(client, params\)/.exec(readFileSync(join(dir, file), 'utf8'))?.[1] ?? '';
      return `src/features/${file}:7 function ${identifiers.get(called)}`;
    });
}

describe('usage on the client fixture app', () => {
  it('finds the package from the imports and reads every file of the app', () => {
    expect(app.usage.packageDir).toBe('../../../../generated/misskey-2026.7.0');
    expect(app.usage.files).toBe(54);
  });

  it('lists each endpoint function call through re-exports, with its place', () => {
    const features = featureUses();
    expect(features).toHaveLength(48);
    expect(app.usage.uses.filter((u) => u.at.file.startsWith('src/features/')).map(line)).toEqual(features);
  });

  it('counts every member of a union of endpoint names, and resolves a generic wrapper at its calls', () => {
    const others = app.usage.uses.filter((u) => !u.at.file.startsWith('src/features/')).map(line);
    expect(others).toEqual([
      'src/dynamic.ts:8 unlisted server/private-stats',
      'src/internal.ts:4 request admin/system-webhook/list',
      'src/live.ts:4 channel main',
      'src/live.ts:5 channel admin',
      'src/live.ts:6 note-capture subNote',
      'src/live.ts:7 miauth startMiAuth',
      'src/live.ts:10 request i',
      'src/timelines.ts:7 request notes/global-timeline',
      'src/timelines.ts:7 request notes/local-timeline',
      'src/timelines.ts:12 paginate notes/hybrid-timeline',
      'src/timelines.ts:12 paginate notes/timeline',
      'src/wrapper.ts:9 request users/followers',
      'src/wrapper.ts:10 request clips/list',
    ]);
    const wrapped = app.usage.uses.filter((u) => u.at.file === 'src/wrapper.ts');
    expect(wrapped.map((u) => u.via)).toEqual([{ file: 'src/wrapper.ts', line: 6 }, { file: 'src/wrapper.ts', line: 6 }]);
  });

  it('reports a name known only as string as unresolved, at the place it is made, and guesses nothing', () => {
    expect(app.usage.unresolved.map(line)).toEqual(['src/dynamic.ts:11 unlisted string']);
    expect(app.usage.uses.some((u) => u.name.startsWith('admin/') && u.at.file === 'src/dynamic.ts')).toBe(false);
  });

  it('sees the params passed and the result fields read', () => {
    const me = app.usage.uses.find((u) => u.name === 'i');
    expect(me?.reads).toEqual(['isAdmin', 'username']);
    expect(app.usage.uses.find((u) => u.name === 'notes/local-timeline')?.params).toEqual(['limit']);
    // A result returned from a function goes where the checker does not follow: unknown, not "nothing read".
    expect(app.usage.uses.find((u) => u.name === 'notes/local-timeline')?.reads).toBeUndefined();
  });

  it('reads the permissions a MiAuth call asks for from its type', () => {
    expect(app.usage.uses.find((u) => u.kind === 'miauth')?.permissions).toEqual(['read:account', 'read:admin:stream', 'write:notes']);
  });
});
