/**
 * The uses found in the client-style fixture app (test/fixtures/usage/client): a re-exported client,
 * endpoint names as unions, a generic wrapper, streaming, note capture, MiAuth, and names the checker
 * only knows as `string` — each with its place, exactly.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeApp, type AppAnalysis } from '../../../generator/usage/index.js';
import { ROOT } from '../../helpers/specs.js';
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
    expect(app.usage.files).toBe(55);
  });

  it('lists each endpoint function call through re-exports, with its place', () => {
    const features = featureUses();
    expect(features).toHaveLength(48);
    expect(app.usage.uses.filter((u) => u.at.file.startsWith('src/features/')).map(line)).toEqual(features);
    // Re-exported under the app's own name (`notesCreate as post`): the endpoint is the declaration's, not the name called.
    expect(app.usage.uses.filter((u) => u.at.file === 'src/compose.ts').map(line)).toEqual(['src/compose.ts:4 function notes/create']);
  });

  it('counts every member of a union of endpoint names, and resolves a generic wrapper at its calls', () => {
    const others = app.usage.uses.filter((u) => !u.at.file.startsWith('src/features/') && u.at.file !== 'src/compose.ts').map(line);
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

  it("follows a wrapper's params parameter to what each call of the wrapper passes, as it follows the name", () => {
    const wrapped = app.usage.uses.filter((u) => u.at.file === 'src/wrapper.ts');
    expect(wrapped.map((u) => `${u.name} ${u.params?.join(',')} ${u.nullable?.join(',')}`)).toEqual(['users/followers userId ', 'clips/list  ']);
  });

  it('reads the permissions a MiAuth call asks for from its type', () => {
    expect(app.usage.uses.find((u) => u.kind === 'miauth')?.permissions).toEqual(['read:account', 'read:admin:stream', 'write:notes']);
  });
});

describe('what the checker cannot know', () => {
  const PACKAGE = join(ROOT, 'generated/misskey-2026.7.0');
  let dir: string;
  beforeAll(() => {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    dir = mkdtempSync(join(ROOT, '.tmp', 'usage-find-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The `nullable` of the one use in an app of `source` (after an import of the package and a client), compiled with `options`. */
  async function nullableIn(name: string, options: object, source: string): Promise<string[] | undefined> {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', types: [], noEmit: true, ...options }, include: ['app.ts'] }));
    writeFileSync(join(dir, name, 'app.ts'), `import { createClient, notesCreate } from '${PACKAGE}/index.js';\nconst client = createClient({ origin: 'https://misskey.example', token: 't' });\n${source}\n`);
    const { usage } = await analyzeApp({ project: join(dir, name, 'tsconfig.json') });
    expect(usage.uses.map(line)).toEqual(['app.ts:3 function notes/create']);
    return usage.uses[0]!.nullable;
  }

  it('which params may be null: read from the types under strictNullChecks, unknown without it (a `string` may then hold null)', async () => {
    const call = 'export const post = (text: string, cw: string | null) => notesCreate(client, { text, cw });';
    expect(await nullableIn('strict', { strict: true }, call)).toEqual(['cw']);
    expect(await nullableIn('strict-nulls', { strictNullChecks: true }, call)).toEqual(['cw']);
    expect(await nullableIn('loose', {}, call)).toBeUndefined();
    expect(await nullableIn('strict-but-nulls', { strict: true, strictNullChecks: false }, call)).toBeUndefined();
  }, 120_000);
});
