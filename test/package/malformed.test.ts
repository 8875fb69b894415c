/**
 * Specs that break conventions or are broken outright. Each gives either a working package with
 * warnings that name the JSON pointer of the problem, or — when nothing usable is left — a
 * one-line error naming it. Never a stack trace. Error cases run through the built CLI (`npm run
 * build` first); the 50 MB document is built here, never committed.
 */
import { execFile } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../../generator/generate.js';
import type { ApiModel, Warning } from '../../generator/model/types.js';
import { tempDir } from '../helpers/generate.js';
import { baseDocument as base, loaded, ok, op, type Json } from '../helpers/spec.js';
import { REFERENCE_SPEC, ROOT } from '../helpers/specs.js';
import { compile } from '../helpers/tsc.js';

const exec = promisify(execFile);
/** Generating, and compiling under both compilers, is slow on a loaded 2-core machine: generous bounds. */
const SLOW = { timeout: 300_000 };
const CLI = join(ROOT, 'dist/generator/cli.js');
const dir = tempDir('mkcg-malformed-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { cwd: dir, timeout: 300_000, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function build(document: Json): Promise<{ model: ApiModel; files: Map<string, string> }> {
  return buildPackage(loaded(document));
}

function warningAt(model: ApiModel, pointer: string): Warning | undefined {
  return model.warnings.find((w) => w.pointer === pointer);
}

function specFile(name: string, document: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document));
  return path;
}

/** The CLI failed cleanly: exit 1, one line on stderr, no stack trace. */
function expectCleanFailure(result: { code: number; stderr: string }): string {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  return lines[0] as string;
}

describe('broken conventions: a working package, with a warning naming the pointer', () => {
  it('a $ref to a missing component: typed as unknown', async () => {
    const doc = base();
    doc['paths']['/notes/show'].post.responses = ok({ $ref: '#/components/schemas/Nope' });
    const { model } = await build(doc);
    expect(warningAt(model, '#/paths/~1notes~1show/post/responses/200/content/application~1json/schema')?.message).toMatch(/\$ref "#\/components\/schemas\/Nope" does not name a schema/);
    expect(model.endpoints.find((e) => e.name === 'notes/show')?.result.schema).toEqual({});
  });

  it('a cycle of allOf between schemas: the reference closing it becomes unknown', async () => {
    const doc = base();
    doc['components'].schemas.A = { allOf: [{ $ref: '#/components/schemas/B' }, { type: 'object', properties: { a: { type: 'string' } } }] };
    doc['components'].schemas.B = { allOf: [{ $ref: '#/components/schemas/A' }] };
    const { model } = await build(doc);
    expect(model.warnings.some((w) => /^#\/components\/schemas\/[AB]$/.test(w.pointer) && /refers to itself/.test(w.message))).toBe(true);
  });

  it('duplicate operations: an operationId used twice is named; both endpoints are kept (they are keyed by path)', async () => {
    const doc = base();
    doc['paths']['/ping2'] = op({ operationId: 'post___ping' });
    const { model } = await build(doc);
    expect(warningAt(model, '#/paths/~1ping2/post/operationId')?.message).toBe('operationId "post___ping" is also used at #/paths/~1ping/post/operationId');
    expect(model.endpoints.map((e) => e.name)).toEqual(['notes/show', 'ping', 'ping2']);
  });

  it('non-object where an object is expected: params that are a string, a schema that is a string, components that are a list', async () => {
    const doc = base();
    doc['paths']['/notes/show'].post.requestBody.content['application/json'].schema = { type: 'string' };
    doc['components'].schemas.Note = 'a note';
    const { model } = await build(doc);
    expect(warningAt(model, '#/paths/~1notes~1show/post/requestBody/content/application~1json/schema')?.message).toBe(
      'params must be an object, but it allows "string"; typed as an object of unknown values',
    );
    expect(warningAt(model, '#/components/schemas/Note')?.message).toMatch(/expected a schema object, found a string/);
    const listed = base();
    listed['components'] = { schemas: [1, 2] };
    expect(warningAt((await build(listed)).model, '#/components/schemas')?.message).toMatch(/expected an object of schemas/);
  });

  it('an unknown format: one warning per format, at its first use', async () => {
    const doc = base();
    doc['components'].schemas.Note.properties.id.format = 'fork:snowflake';
    doc['paths']['/notes/show'].post.requestBody.content['application/json'].schema.properties.noteId.format = 'fork:snowflake';
    const { model } = await build(doc);
    const formats = model.warnings.filter((w) => w.message.includes('fork:snowflake'));
    expect(formats).toEqual([{ pointer: '#/components/schemas/Note/properties/id/format', message: 'unknown format "fork:snowflake" (2 places, first here); typed by its `type` alone' }]);
  });

  it('endpoint names that are not valid paths and a missing credential line', async () => {
    const doc = base();
    doc['paths']['/notes/../admin/x'] = op();
    doc['paths']['/a b'] = op();
    doc['paths']['/quiet'] = { post: { description: 'No access line here.', security: [{ bearerAuth: [] }], responses: ok({ type: 'object' }) } };
    const { model } = await build(doc);
    expect(warningAt(model, '#/paths/~1notes~1..~1admin~1x')?.message).toMatch(/not a valid endpoint path; endpoint left out/);
    expect(warningAt(model, '#/paths/~1a b')?.message).toMatch(/not a valid endpoint path/);
    expect(warningAt(model, '#/paths/~1quiet/post/description')?.message).toMatch(/no "\*\*Credential required\*\*" line/);
    expect(model.endpoints.find((e) => e.name === 'quiet')).toMatchObject({ credential: true, permission: null });
    expect(model.endpoints.map((e) => e.name)).not.toContain('notes/../admin/x');
  });

  it('schemas nested thousands of levels deep: cut at a fixed depth instead of overflowing the stack', async () => {
    let deep: Json = { type: 'string' };
    for (let i = 0; i < 5000; i++) deep = { type: 'object', properties: { next: deep } };
    const doc = base();
    doc['components'].schemas.Deep = deep;
    const { model } = await build(doc);
    const w = model.warnings.find((x) => x.pointer.startsWith('#/components/schemas/Deep/'));
    expect(w?.message).toMatch(/nested more than 64 levels deep/);
  });

  it('property names such as __proto__ stay plain properties', async () => {
    const doc = base();
    doc['components'].schemas.Note = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"number"}},"required":["__proto__"]}');
    const { model } = await build(doc);
    const note = model.schemas.find((s) => s.name === 'Note')?.schema as { properties: Record<string, unknown> };
    expect(Object.keys(note.properties)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(note.properties)).toBe(Object.prototype);
  });
});

describe('all of it at once', () => {
  const out = join(dir, 'everything');
  let doc: Json;
  let result: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    doc = base();
    doc['paths']['/notes/show'].post.responses = ok({ $ref: '#/components/schemas/Nope' });
    doc['paths']['/ping'].post.requestBody = { content: { 'application/json': { schema: { type: ['string', 'null'] } } } };
    doc['paths']['/ping2'] = op({ operationId: 'post___ping' });
    doc['paths']['/quiet'] = { post: { description: 'No access line.', responses: ok({ type: 'object', properties: { id: { type: 'string', format: 'fork:snowflake' } } }) } };
    doc['paths']['/../x'] = op();
    doc['components'].schemas.A = { allOf: [{ $ref: '#/components/schemas/B' }] };
    doc['components'].schemas.B = { allOf: [{ $ref: '#/components/schemas/A' }] };
    doc['components'].schemas.Odd = 42;
    let deep: Json = { type: 'string' };
    for (let i = 0; i < 300; i++) deep = { type: 'object', properties: { next: deep } };
    doc['components'].schemas.Deep = deep;
    result = await cli('generate', '--spec', specFile('everything.json', doc), '--out', out);
  }, SLOW.timeout);

  it('generates through the CLI, with each warning on its own line naming its pointer', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const warnings = result.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    for (const pointer of [
      '#/paths/~1notes~1show/post/responses/200/content/application~1json/schema',
      '#/paths/~1ping/post/requestBody/content/application~1json/schema',
      '#/paths/~1ping2/post/operationId',
      '#/paths/~1quiet/post/description',
      '#/paths/~1..~1x',
      '#/components/schemas/B',
      '#/components/schemas/Odd',
      '#/paths/~1quiet/post/responses/200/content/application~1json/schema/properties/id/format',
    ]) {
      expect(warnings.some((w) => w.startsWith(`warning: ${pointer}: `)), pointer).toBe(true);
    }
    expect(warnings.some((w) => w.startsWith('warning: #/components/schemas/Deep/'))).toBe(true);
  });

  it.each(['tsc5', 'tsc7'] as const)('the package and a consumer of it compile strictly (%s)', SLOW, async (compiler) => {
    writeFileSync(join(dir, 'consumer.ts'), "import { ping, notesShow, createClient } from './everything/index.js';\nconst c = createClient({ origin: 'https://x.example' });\nexport const a = ping(c, { anything: 1 });\nexport const b = notesShow(c, { noteId: 'x' });\n");
    const compiled = await compile(dir, { compiler, resolution: 'nodenext', include: ['consumer.ts', 'everything/**/*.ts'] });
    expect(compiled.output).toBe('');
    expect(compiled.ok).toBe(true);
  });
});

describe('unusable documents: one line naming the pointer, exit 1, no stack trace', SLOW, () => {
  const out = join(dir, 'never');
  // --quiet: as in CI; without it, progress lines ("normalizing and emitting…") may precede the error.

  it('no path is a usable endpoint', async () => {
    const doc = base();
    doc['paths'] = { '/../a': op(), '/b/../../c': op() };
    const line = expectCleanFailure(await cli('generate', '--quiet', '--spec', specFile('none-usable.json', doc), '--out', out));
    expect(line).toBe('misskey-codegen: #/paths: none of the 2 paths is a usable endpoint (first: #/paths/~1..~1a: "/../a" is not a valid endpoint path; endpoint left out)');
  });

  it.each([
    ['paths is a list', { ...base(), paths: [] }, '#/paths is an array, expected an object'],
    ['no openapi version', { ...base(), openapi: undefined }, '#/openapi is missing'],
    ['Swagger 2', { ...base(), openapi: undefined, swagger: '2.0' }, '#/swagger says "2.0"'],
    ['a REST API', { ...base(), info: { title: 'Pets' }, components: {}, paths: { '/pets/{id}': { get: {} } } }, 'not a Misskey API'],
    ['not even JSON', '{"openapi": "3.1.0", "paths": {', 'is not valid JSON'],
  ])('%s', async (name, document, expected) => {
    const line = expectCleanFailure(await cli('generate', '--quiet', '--spec', specFile(`${name.replaceAll(' ', '-')}.json`, document), '--out', out));
    expect(line).toContain(expected);
  });

  it('a document over the size limit (70 MB) is refused before it is parsed', async () => {
    const path = join(dir, 'huge.json');
    const fd = openSync(path, 'w');
    const chunk = Buffer.alloc(1 << 20, 0x20);
    for (let i = 0; i < 70; i++) writeSync(fd, chunk);
    closeSync(fd);
    const line = expectCleanFailure(await cli('generate', '--quiet', '--spec', path, '--out', out));
    expect(line).toMatch(/huge\.json is 70\.0 MiB, larger than the limit of 64\.0 MiB/);
    rmSync(path);
  });
});

describe('a 50 MB document', SLOW, () => {
  it('generates (the reference spec plus 48 MB of examples the generator has no use for)', SLOW, async () => {
    const doc = JSON.parse(readFileSync(REFERENCE_SPEC, 'utf8')) as Json;
    const examples: Record<string, unknown> = {};
    const text = 'x'.repeat(900);
    for (let i = 0; i < 52_000; i++) examples[`padding${i}`] = { summary: `example ${i}`, value: { text, n: i } };
    doc['components'].examples = examples;
    const path = specFile('fifty.json', doc);
    const size = readFileSync(path).length;
    expect(size).toBeGreaterThan(50_000_000);
    const result = await cli('generate', '--spec', path, '--out', join(dir, 'fifty'), '--json');
    rmSync(path);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, endpoints: 438, warnings: [] });
  });
});
