/**
 * Type-level contract of the stream and the channel template, checked by compiling fixtures the way a
 * consumer compiles a generated package (strict, skipLibCheck off, types: []) with TypeScript 5.9
 * and 7: wrong channel names, params, events and messages must fail; payloads must be the entities.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../generator/normalize/channels.js';
import { ROOT, realSpecs, specsAvailable } from '../../helpers/specs.js';
import { compile } from '../../helpers/tsc.js';
import type { Compiler, Resolution } from '../../helpers/tsc.js';

const FIXTURES = join(ROOT, 'test/fixtures/stream');
const TEMPLATE = readFileSync(join(ROOT, 'templates/channels.ts'), 'utf8');
const CHANNEL_RULES = Object.fromEntries(CHANNELS.map(({ name, ...rule }) => [name, rule]));
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A package-shaped folder: runtime/, channels.ts (the template, verbatim), entities.ts, plus `files`. */
function packageDir(entities: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mkcg-stream-'));
  dirs.push(dir);
  cpSync(join(ROOT, 'runtime'), join(dir, 'runtime'), { recursive: true });
  writeFileSync(join(dir, 'channels.ts'), TEMPLATE);
  // The template passes the generated `channelMeta` to the stream; its shape is checked where it is generated.
  writeFileSync(join(dir, 'permissions.ts'), fixture('permissions.ts'));
  writeFileSync(join(dir, 'entities.ts'), entities);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The names the template imports from './entities.js' (the generator reads the same single statement). */
function entityNames(): string[] {
  const imports = [...TEMPLATE.matchAll(/import\s+type\s*\{([^}]*)\}\s*from\s*'\.\/entities\.js'/g)];
  expect(imports).toHaveLength(1);
  return imports[0]![1]!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const COMBOS: [Compiler, Resolution][] = [
  ['tsc5', 'nodenext'],
  ['tsc5', 'bundler'],
  ['tsc7', 'nodenext'],
  ['tsc7', 'bundler'],
];

describe('channel template', () => {
  it('covers the protocol channels, with access rules for each in the channel list', () => {
    expect(Object.keys(CHANNEL_RULES).sort()).toEqual(
      [
        'main',
        'homeTimeline',
        'localTimeline',
        'hybridTimeline',
        'globalTimeline',
        'hashtag',
        'userList',
        'roleTimeline',
        'channel',
        'antenna',
        'drive',
        'serverStats',
        'queueStats',
        'admin',
        'chatUser',
        'chatRoom',
        'reversi',
        'reversiGame',
      ].sort(),
    );
    for (const meta of Object.values(CHANNEL_RULES)) {
      expect(meta).toMatchObject({
        credential: expect.any(Boolean),
        permission: expect.toSatisfy((p) => p === null || typeof p === 'string'),
        shared: expect.any(Boolean),
        timeline: expect.toSatisfy((t) => t === null || (typeof t.endpoint === 'string' && Array.isArray(t.params))),
      });
    }
    expect(CHANNEL_RULES['admin']).toMatchObject({ permission: 'read:admin:stream' });
    expect(CHANNEL_RULES['chatUser']).toMatchObject({ permission: 'read:chat' });
    const exported = [...fixture('entities.ts').matchAll(/^export type (\w+)/gm)].map((m) => m[1]);
    expect(entityNames().sort()).toEqual(exported.sort());
  });

  for (const [compiler, resolution] of COMBOS) {
    it(`compiles, and rejects wrong names, params, events and messages (${compiler}, ${resolution})`, async () => {
      const dir = packageDir(fixture('entities.ts'), { 'use.ts': fixture('use.ts') });
      const result = await compile(dir, { compiler, resolution });
      expect(result.output).toBe('');
      expect(result.ok).toBe(true);
    });
  }

  for (const compiler of ['tsc5', 'tsc7'] as const) {
    it(`reports the expected errors for a wrong use (${compiler})`, async () => {
      const dir = packageDir(fixture('entities.ts'), { 'negative.ts': fixture('negative.ts') });
      const result = await compile(dir, { compiler, resolution: 'nodenext' });
      expect(result.ok).toBe(false);
      const errors = [...result.output.matchAll(/negative\.ts\((\d+),\d+\): error (TS\d+)/g)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
      // Line 5: unknown channel; 6: wrong params; 7: unknown event; 8: the payload is a Note, which has no such field.
      expect(errors).toEqual(['5 TS2345', '6 TS2322', '7 TS2345', '8 TS2339']);
    });
  }
});

/** One folder per real spec, side by side, so each compiler checks them all in one program (a diagnostic names the version's folder). */
async function realSpecPackages(): Promise<{ root: string; versions: string[] }> {
  const root = mkdtempSync(join(tmpdir(), 'mkcg-stream-real-'));
  dirs.push(root);
  const versions: string[] = [];
  for (const spec of realSpecs()) {
    const document = JSON.parse(readFileSync(spec.path, 'utf8')) as {
      paths: unknown;
      components: { schemas: Record<string, unknown> };
    };
    document.paths = {}; // only the schemas matter here
    const openapi = astToString(await openapiTS(document as never));
    const have = new Set(Object.keys(document.components.schemas));
    const entities = entityNames()
      .map((name) =>
        have.has(name)
          ? `export type ${name} = components['schemas']['${name}'];`
          : `export type ${name} = { id: string; [key: string]: unknown };`,
      )
      .join('\n');
    const dir = packageDir(`import type { components } from './openapi.js';\n${entities}\n`, {
      'openapi.ts': openapi,
      'use-real.ts': fixture('use-real.ts'),
    });
    cpSync(dir, join(root, spec.version), { recursive: true });
    versions.push(spec.version);
  }
  return { root, versions };
}

describe.runIf(specsAvailable())('channel template with real server schemas', () => {
  let packages: Promise<{ root: string; versions: string[] }> | undefined;
  for (const compiler of ['tsc5', 'tsc7'] as const) {
    it(`compiles against the entities of every real spec (${compiler})`, async () => {
      packages ??= realSpecPackages();
      const { root, versions } = await packages;
      expect(versions.length).toBeGreaterThan(0);
      const result = await compile(root, { compiler, resolution: 'nodenext', include: versions.map((v) => `${v}/**/*.ts`) });
      expect(result.output, `${compiler}: ${result.output}`).toBe('');
    });
  }
});
