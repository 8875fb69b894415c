/**
 * Spec text is untrusted, and so is its shape. One fixture per kind of attack
 * (test/fixtures/specs/hostile*.json, plus a deep spec built here, whose values are too deep to write
 * down) must give a package that compiles under both compilers and both module resolutions, in which
 * spec text is never code, shadows no name of the package, touches no prototype, hides no character,
 * and costs no more than its size; whatever had to give way is named in a warning with its pointer.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffModels } from '../../generator/diff/index.js';
import { parseModel } from '../../generator/model/model-file.js';
import { buildPackage } from '../../generator/generate.js';
import { loadSpec } from '../../generator/load/index.js';
import type { ApiModel } from '../../generator/model/types.js';
import { normalize } from '../../generator/normalize/index.js';
import { runCli } from '../helpers/cli.js';
import { compile, type Compiler, type Resolution } from '../helpers/tsc.js';
import { tempDir, writeTree } from '../helpers/generate.js';
import { ROOT } from '../helpers/specs.js';

const FIXTURES = ['hostile', 'hostile-names', 'hostile-proto', 'hostile-spellings', 'hostile-slashes', 'hostile-text', 'hostile-keywords', 'hostile-deep'] as const;
type Fixture = (typeof FIXTURES)[number];
const MATRIX: [Compiler, Resolution][] = [
  ['tsc5', 'nodenext'],
  ['tsc5', 'bundler'],
  ['tsc7', 'nodenext'],
  ['tsc7', 'bundler'],
];

const root = tempDir('mkcg-hostile-');
interface Built {
  model: ApiModel;
  files: Map<string, string>;
  ms: number;
}
const builds = new Map<Fixture, Promise<Built>>();
const packages = new Map<Fixture, Built>();
const pkg = (name: Fixture) => packages.get(name) as Built;
const fixturePath = (name: Fixture) => (name === 'hostile-deep' || name === 'hostile-keywords' ? join(root, `${name}.json`) : join(ROOT, `test/fixtures/specs/${name}.json`));
const warningsAt = (name: Fixture, pointer: string) => pkg(name).model.warnings.filter((w) => w.pointer === pointer).map((w) => w.message);

/** Each fixture is built once, when a test first needs it, so one that fails takes only its own tests down. */
function build(name: Fixture): Promise<Built> {
  let built = builds.get(name);
  if (built === undefined) {
    built = (async () => {
      if (name === 'hostile-deep') writeFileSync(fixturePath(name), deepSpecText());
      if (name === 'hostile-keywords') writeFileSync(fixturePath(name), JSON.stringify(keywordsSpec()));
      const started = performance.now();
      const { model, files } = await buildPackage(await loadSpec({ spec: fixturePath(name) }));
      const result = { model, files, ms: performance.now() - started };
      packages.set(name, result);
      writeTree(join(root, name), files);
      return result;
    })();
    builds.set(name, built);
  }
  return built;
}
const uses = (name: Fixture) => beforeAll(() => build(name).then(() => undefined), 120_000);

beforeAll(() => {
  mkdirSync(join(root, 'hostile-proto'), { recursive: true });
  // A consumer of the proto package: the endpoint map and its metadata keep `__proto__` as a key.
  writeFileSync(
    join(root, 'hostile-proto', 'consumer.ts'),
    "import { endpointMeta, type EndpointName, type Endpoints } from './index.js';\n" +
      "export const name: EndpointName = '__proto__';\n" +
      "export const credential: boolean = endpointMeta['__proto__'].credential;\n" +
      "export type Result = Endpoints['__proto__']['result'];\n",
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every token of a file that is code (not a string literal, not a comment), with the scanner TypeScript itself uses. */
function codeTokens(text: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const tokens: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.StringLiteral) continue;
    tokens.push(scanner.getTokenText());
  }
  return tokens;
}

/** A generated module that imports only types, run as JavaScript: the data a program reads. */
async function evaluate(text: string): Promise<Record<string, unknown>> {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true } }).outputText;
  return (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)) as Record<string, unknown>;
}

describe('every hostile fixture', () => {
  beforeAll(() => Promise.all(FIXTURES.map(build)).then(() => undefined), 240_000);
  it.each(MATRIX)('compiles strictly with %s, moduleResolution %s, skipLibCheck off', async (compiler, resolution) => {
    const result = await compile(root, { compiler, resolution, include: FIXTURES.map((f) => `${f}/**/*.ts`) });
    expect(result.output).toBe('');
  });

  it.each(FIXTURES)('%s also gives JavaScript and declarations (--emit js) that parse without an error', async (name) => {
    const { files } = await buildPackage(await loadSpec({ spec: fixturePath(name) }), { emit: 'js' });
    expect(files.has('index.js') && files.has('index.d.ts') && files.has('permissions.d.ts')).toBe(true);
    // Written directly, not compiled (generator/emit/js-package.ts): the parser is the check that spec text stayed inside literals and comments.
    for (const [path, text] of files) {
      if (!path.endsWith('.js') && !path.endsWith('.d.ts')) continue;
      const file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, false, path.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
      const problems = (file as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
      expect(problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')), path).toEqual([]);
    }
  });
});

describe('spec text never becomes code (hostile.json)', () => {
  uses('hostile');
  it('never lets the payload become code', () => {
    for (const [path, text] of pkg('hostile').files) {
      // runtime/ is copied from this repository as written; everything else is built from the spec.
      if (!path.endsWith('.ts') || path.startsWith('runtime/')) continue;
      const tokens = codeTokens(text);
      expect(tokens, path).not.toContain('PWNED');
      expect(tokens.filter((t) => t.startsWith('`')), path).toEqual([]); // no template literals at all
    }
    // The payload did reach the output, as data and documentation.
    const all = [...pkg('hostile').files.values()].join('\n');
    expect(all).toContain('"*/PWNED()"?: boolean');
    expect(all).toContain('*\\/ PWNED();');
  });

  it('gives colliding and reserved names unique, valid identifiers', () => {
    const api = pkg('hostile').files.get('api.ts') ?? '';
    const functions = [...api.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
    expect(functions.sort()).toEqual(['_2faDone', 'createClient2', 'delete_', 'i', 'notesCreate', 'notesCreate2', 'notesCreate3']);
    const schemas = pkg('hostile').model.schemas.map((s) => s.typeName).sort();
    expect(schemas).toEqual(['Error', 'EvilPWNED', 'MisskeyClient2', 'constructor_']);
  });
});

describe('14: names that clash with the package’s own names', () => {
  uses('hostile-names');
  const clashing = {
    global: ['Record', 'Partial', 'Omit', 'Promise', 'Array', 'Date', 'Blob', 'File', 'JSON', 'Readonly', 'Extract'],
    declared: ['Endpoints', 'EndpointName', 'EndpointMeta', 'Permission', 'permissions', 'endpointMeta', 'channelMeta', 'resultSchemas', 'WithRequired', 'T', 'Transport', 'CallOptions', 'FullAccessOnly', 'ValidationSchemas'],
    runtime: ['MisskeyClient', 'ApiError', 'Client'],
  };

  it('renames a schema named like a TypeScript global or a name the package declares, and warns with its pointer', () => {
    const { model } = pkg('hostile-names');
    for (const [kind, names] of Object.entries(clashing)) {
      for (const name of names) {
        const schema = model.schemas.find((s) => s.name === name);
        expect(schema?.typeName, name).toBe(`${name}2`);
        expect(warningsAt('hostile-names', `#/components/schemas/${name}`), `${kind} ${name}`).toEqual([expect.stringMatching(new RegExp(`^type ${name}: .*; named ${name}2$`))]);
      }
    }
    // The package's own declarations are untouched.
    const endpoints = pkg('hostile-names').files.get('endpoints.ts') ?? '';
    expect(endpoints).toMatch(/^export type Endpoints = \{$/m);
    expect(endpoints).toMatch(/^export type NothingParams = Record<string, never>;$/m);
    expect(endpoints).toMatch(/^import type \{[^}]*\bRecord2\b[^}]*\} from "\.\/schemas\.js";$/m);
  });

  it('renames an endpoint whose function would shadow a package export or make the module a thenable, and warns', () => {
    const { model } = pkg('hostile-names');
    const identifier = (name: string) => model.endpoints.find((e) => e.name === name)?.identifier;
    for (const name of ['createClient', 'retries', 'isEndpointError', 'startMiAuth', 'createScopedClient']) {
      expect(identifier(name), name).toBe(`${name}2`);
      expect(warningsAt('hostile-names', `#/paths/~1${name}`), name).toEqual([expect.stringContaining(`function ${name}: exported by the package runtime; named ${name}2`)]);
    }
    expect(identifier('then')).toMatch(/^then\d$/);
    expect(warningsAt('hostile-names', '#/paths/~1then')).toEqual([expect.stringContaining('changes how the module is loaded')]);
    // endpointMeta2 went to the schema of that name (schemas claim first), so the endpoint gets the next one.
    expect(identifier('endpointMeta')).toBe('endpointMeta3');
  });

  it('renames deterministically: the same spec gives the same names and warnings', async () => {
    const again = await buildPackage(await loadSpec({ spec: fixturePath('hostile-names') }));
    expect(again.model.schemas.map((s) => s.typeName)).toEqual(pkg('hostile-names').model.schemas.map((s) => s.typeName));
    expect(again.model.warnings).toEqual(pkg('hostile-names').model.warnings);
  });
});

describe('15: __proto__ and friends', () => {
  uses('hostile-proto');
  const friends = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

  it('endpointMeta has an own property for an endpoint named __proto__, and keeps its prototype', async () => {
    const { endpointMeta } = (await evaluate(pkg('hostile-proto').files.get('permissions.ts') ?? '')) as { endpointMeta: object };
    expect(Object.getPrototypeOf(endpointMeta)).toBe(Object.prototype);
    for (const name of friends) expect(Object.hasOwn(endpointMeta, name), name).toBe(true);
    expect((endpointMeta as { credential?: unknown }).credential).toBeUndefined();
    expect(Object.keys(endpointMeta)).toHaveLength(pkg('hostile-proto').model.endpoints.length);
  });

  it('keeps schemas, properties, results and const keys named __proto__ as own keys in the validation data', async () => {
    const { resultSchemas } = (await evaluate(pkg('hostile-proto').files.get('validation.ts') ?? '')) as {
      resultSchemas: { results: object; components: Record<string, { properties?: object }> };
    };
    for (const name of friends) {
      expect(Object.hasOwn(resultSchemas.results, name), name).toBe(true);
      expect(Object.hasOwn(resultSchemas.components, name), name).toBe(true);
      expect(Object.hasOwn(resultSchemas.components[name]?.properties ?? {}, '__proto__'), name).toBe(true);
    }
    const polluter = JSON.stringify(resultSchemas.components['Polluter']);
    expect(polluter).toContain('"const":{"__proto__":{"polluted":true}}');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('drops nothing: every schema is declared, and model.json reads back with the same keys', () => {
    const { model, files } = pkg('hostile-proto');
    const names = model.schemas.map((s) => s.name);
    for (const name of friends) expect(names, name).toContain(name);
    const schemasFile = files.get('schemas.ts') ?? '';
    for (const schema of model.schemas) expect(schemasFile, schema.name).toMatch(new RegExp(`^export (interface|type) ${schema.typeName.replace(/\$/g, '\\$')}\\b`, 'm'));
    const back = parseModel(JSON.parse(files.get('model.json') ?? ''), 'model.json');
    expect(back.schemas.map((s) => s.name)).toEqual(names);
    const proto = back.schemas.find((s) => s.name === '__proto__')?.schema as { properties: object };
    expect(Object.keys(proto.properties)).toEqual(friends);
    expect(back.endpoints.map((e) => e.name)).toEqual(model.endpoints.map((e) => e.name));
  });
});

describe('16: deep and expanding values', () => {
  uses('hostile-deep');
  it('generates a spec with 5,000-deep values and schemas, warning with each pointer', () => {
    const at = (pointer: string) => warningsAt('hostile-deep', pointer);
    for (const [property, keyword] of [['d', 'default'], ['e', 'example'], ['n', 'enum'], ['c', 'const'], ['x', 'x-deep'], ['s', 'examples']]) {
      expect(at(`#/components/schemas/Deep/properties/${property}/${keyword}`), keyword).toEqual([expect.stringMatching(/^value nested more than 16 levels deep; left out/)]);
    }
    for (let i = 0; i < 10; i++) expect(at(`#/components/schemas/Default${i}/properties/p/default`)).toHaveLength(1);
    const deepSchema = pkg('hostile-deep').model.warnings.filter((w) => w.pointer.startsWith('#/components/schemas/DeepSchema/'));
    expect(deepSchema).toEqual([{ pointer: `#/components/schemas/DeepSchema${'/properties/a'.repeat(64)}`, message: expect.stringContaining('nested more than 64 levels') }]);
  });

  it('bounds the output: ten 2,000-deep defaults in a small spec print no more than the spec itself', () => {
    const { files } = pkg('hostile-deep');
    const generated = [...files].filter(([path]) => !path.startsWith('runtime/') && path !== 'model.json');
    const bytes = generated.reduce((n, [, text]) => n + text.length, 0);
    const specBytes = readFileSync(fixturePath('hostile-deep'), 'utf8').length;
    expect(bytes).toBeLessThan(specBytes);
    expect(bytes).toBeLessThan(1_000_000);
  });

  it('types a schema whose type lists would repeat its compositions exponentially as unknown, with a warning', () => {
    const expands = pkg('hostile-deep').model.warnings.filter((w) => w.message.includes('type nodes'));
    expect(expands.length).toBeGreaterThan(0);
    expect(expands.every((w) => w.pointer.startsWith('#/components/schemas/Expands'))).toBe(true);
    expect((pkg('hostile-deep').files.get('schemas.ts') ?? '').length).toBeLessThan(200_000);
  });

  it('does not copy the properties into each of 400 alternatives (160,000 copies), and says so', () => {
    expect(warningsAt('hostile-deep', '#/components/schemas/Spread/anyOf')).toEqual([expect.stringContaining('400 alternatives would each copy')]);
  });

  it('looks into each schema once when checking params (a thousand references to the next, three levels deep)', () => {
    expect(pkg('hostile-deep').model.endpoints.find((e) => e.name === 'fan')?.body.kind).toBe('json');
    expect(pkg('hostile-deep').ms).toBeLessThan(30_000);
  });

  it('writes model.json, reads it back and diffs it against itself without overflowing the stack', () => {
    const { model, files } = pkg('hostile-deep');
    const back = parseModel(JSON.parse(files.get('model.json') ?? ''), 'model.json');
    expect(back.schemas.length).toBe(model.schemas.length);
    const diff = diffModels(back, model);
    expect(diff).toBeDefined();
  });
});

describe('17: invisible and control characters', () => {
  uses('hostile-text');
  const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;
  const H = 'A\u202eB\u2066C\u2069D\u200bE\ufeffF\u2028G\u2029H\u0085I\rJ\u0000K\u001b[31mL\u00adM\u{e0041}N\ud800O';

  it('no generated file holds one raw, in code, literals, comments or JSON', () => {
    for (const [path, text] of pkg('hostile-text').files) {
      const raw = text.replace(/[\n\t]/g, '').match(HIDDEN);
      expect(raw && `U+${raw[0].codePointAt(0)?.toString(16)}`, path).toBeNull();
    }
  });

  it('string literals keep their values: the escapes mean exactly the spec text', async () => {
    const { files } = pkg('hostile-text');
    const { permissions } = (await evaluate(files.get('permissions.ts') ?? '')) as { permissions: string[] };
    expect(permissions).toContain(`read:notes${H.replace(/[\s\u2028\u2029\u0085\ufeff]/gu, '')}`);
    const { resultSchemas } = (await evaluate(files.get('validation.ts') ?? '')) as { resultSchemas: { components: Record<string, { properties: Record<string, { enum?: string[]; const?: string }> }> } };
    const note = resultSchemas.components[`Note${H}`];
    expect(note?.properties['plain']?.enum).toEqual([`enum ${H}`, 'ok']);
    expect(note?.properties['fixed']?.const).toBe(`const ${H}`);
    const manifest = JSON.parse(files.get('manifest.json') ?? '') as { server: { version: string } };
    expect(manifest.server.version).toBe(`1.0.0 ${H}`);
    expect(files.get('endpoints.ts')).toContain('"CODEA\\u202eB\\u2066C\\u2069D\\u200bE\\ufeffF\\u2028G\\u2029H\\u0085I\\rJ\\u0000K\\u001b[31mL\\u00adM\\u{e0041}N\\ud800O"');
  });

  it('every line the CLI prints shows them escaped, each warning on one line, and --json stays the same JSON', async () => {
    const human = await runCli(['generate', '--spec', fixturePath('hostile-text'), '--out', join(root, 'cli-text')]);
    expect(human.code).toBe(0);
    expect(human.stderr.replace(/\n/g, '')).not.toMatch(HIDDEN);
    const lines = human.stderr.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('warning: '))).toHaveLength(pkg('hostile-text').model.warnings.length);
    expect(lines.every((l) => /^(warning: #\/|normalizing|writing|misskey 1\.0\.0 A\\u202eB)/.test(l)), human.stderr).toBe(true);
    const json = await runCli(['generate', '--spec', fixturePath('hostile-text'), '--out', join(root, 'cli-text'), '--json']);
    expect(json.stdout.trimEnd()).not.toMatch(HIDDEN);
    const summary = JSON.parse(json.stdout) as { server: { version: string }; warnings: { pointer: string }[] };
    expect(summary.server.version).toBe(`1.0.0 ${H}`);
    expect(summary.warnings.map((w) => w.pointer)).toEqual(pkg('hostile-text').model.warnings.map((w) => w.pointer));
  });

  it('a bidi control in a comment is shown, not obeyed', () => {
    const schemas = pkg('hostile-text').files.get('schemas.ts') ?? '';
    expect(schemas).toContain(' * schema A\\u202eB\\u2066C\\u2069D\\u200bE\\ufeffF');
    expect(schemas).toContain('@default default A\\u202eB');
  });
});

describe('19: unstable names', () => {
  uses('hostile-spellings');
  it('the canonical spelling keeps the plain identifier; odd spellings get the suffixes', () => {
    const { model } = pkg('hostile-spellings');
    const byName = new Map(model.endpoints.map((e) => [e.name, e]));
    expect(byName.get('notes/create')).toMatchObject({ identifier: 'notesCreate', typeBase: 'NotesCreate' });
    expect(byName.get('i/2fa/done')).toMatchObject({ identifier: 'i2faDone', typeBase: 'I2faDone' });
    expect(byName.get('notes-create')?.identifier).toBe('notesCreate2');
    for (const odd of ['NotesCreate', 'notes.create', 'notes/Create', 'notes_create']) expect(byName.get(odd)?.identifier, odd).toMatch(/^notesCreate[3-6]$/);
    expect(warningsAt('hostile-spellings', '#/paths/~1NotesCreate')).toEqual([expect.stringContaining('function notesCreate: taken by endpoint "notes/create"')]);
    const types = new Map(model.schemas.map((s) => [s.name, s.typeName]));
    expect(types.get('UserLite')).toBe('UserLite');
    expect(new Set(['User-Lite', 'User/Lite', 'user lite', 'User.Lite'].map((n) => types.get(n)))).toEqual(new Set(['UserLite2', 'UserLite3', 'UserLite4', 'UserLite5']));
  });

  it('gives the same names however the paths and schemas are ordered in the document', () => {
    const document = JSON.parse(readFileSync(fixturePath('hostile-spellings'), 'utf8')) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    const names = (doc: typeof document) => {
      const model = normalize(doc, { specSha256: '' });
      return [...model.endpoints.map((e) => `${e.name}=${e.identifier}/${e.typeBase}`), ...model.schemas.map((s) => `${s.name}=${s.typeName}`)].sort();
    };
    const reversed = {
      ...document,
      paths: Object.fromEntries(Object.entries(document.paths).reverse()),
      components: { schemas: Object.fromEntries(Object.entries(document.components.schemas).reverse()) },
    };
    expect(names(reversed)).toEqual(names(document));
  });
});

describe('20: schema keys with / and other characters a reference escapes', () => {
  uses('hostile-slashes');
  uses('hostile-names');
  it('keeps WithRequired for an allOf + required over a component whose name has /, ~, %, # or nothing', () => {
    const schemas = pkg('hostile-slashes').files.get('schemas.ts') ?? '';
    const { model } = pkg('hostile-slashes');
    for (const name of ['Ba/se', 'a~b', 'a~1b', 'a%b', '#/hash', 'spaced name', '日本語', '']) {
      const derived = model.schemas.find((s) => s.name === `Derived ${name}`)?.typeName;
      const base = model.schemas.find((s) => s.name === name)?.typeName;
      expect(schemas, name).toContain(`export type ${derived} = WithRequired<${base}, "a" | "b">;`);
    }
  });

  it('schemas.ts declares the helpers its own types use', () => {
    const schemas = pkg('hostile-slashes').files.get('schemas.ts') ?? '';
    expect(schemas).toContain('export type Plain = WithRequired<Base, "a">;');
    expect(schemas).toMatch(/^type WithRequired<T, K extends keyof T> = T & \{$/m);
    expect(pkg('hostile-names').files.get('schemas.ts')).toMatch(/^type WithRequired</m);
  });

  it('prints a property whose name has a stray % (100%, %zz)', () => {
    expect(pkg('hostile-slashes').files.get('schemas.ts')).toContain('"%zz"?: string;');
  });
});

describe('keywords with values of the wrong kind', () => {
  uses('hostile-keywords');
  it('generate without a throw; what cannot be used is left out with a warning', () => {
    const { model } = pkg('hostile-keywords');
    expect(model.schemas.length).toBeGreaterThan(100);
    expect(model.warnings.some((w) => w.pointer.endsWith('/title') && w.message.startsWith('expected text'))).toBe(true);
    expect(model.warnings.some((w) => w.pointer.endsWith('/discriminator'))).toBe(true);
  });
});

/** Values too deep to write down (or to JSON.stringify), spliced into the text of a small spec. */
function deepSpecText(): string {
  const pieces = new Map<string, string>();
  const splice = (text: string) => {
    const key = `@@${pieces.size}@@`;
    pieces.set(key, text);
    return key;
  };
  const deepValue = (depth: number) => splice('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
  const ok = (schema: object) => ({ 200: { description: 'OK', content: { 'application/json': { schema } } } });
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const endpoint = (extra: object) => ({ post: { description: '**Credential required**: *No*', responses: { 204: { description: 'OK' } }, ...extra } });

  const schemas: Record<string, unknown> = {
    Error: { type: 'object' },
    Deep: {
      type: 'object',
      properties: {
        d: { type: 'object', default: deepValue(5000) },
        e: { type: 'object', example: deepValue(5000) },
        n: { enum: [deepValue(5000)] },
        c: { const: deepValue(5000) },
        x: { type: 'string', 'x-deep': deepValue(5000) },
        s: { type: 'array', examples: [deepValue(5000)] },
      },
    },
    DeepSchema: splice('{"type":"object","properties":{"a":'.repeat(5000) + '{"type":"string"}' + '}}'.repeat(5000)),
    CycleA: { allOf: [ref('CycleB')] },
    CycleB: { allOf: [ref('CycleA')] },
  };
  for (let i = 0; i < 10; i++) schemas[`Default${i}`] = { type: 'object', properties: { p: { type: 'object', default: deepValue(2000) } } };
  // `type: [object, null]` prints its allOf twice; thirty levels would print 2^30 times.
  let expands: object = { type: 'object', properties: { leaf: { type: 'string' } } };
  for (let i = 0; i < 30; i++) expands = { type: ['object', 'null'], allOf: [expands] };
  schemas['Expands'] = expands;
  // A chain of references (no cycle) and a fan-out: each level lists the next a thousand times.
  for (let i = 0; i < 300; i++) schemas[`Chain${i}`] = i === 299 ? { type: 'object' } : { allOf: [ref(`Chain${i + 1}`)] };
  for (let i = 0; i < 4; i++) schemas[`Fan${i}`] = i === 3 ? { type: 'object', properties: { a: { type: 'string' } } } : { oneOf: Array.from({ length: 1000 }, () => ref(`Fan${i + 1}`)) };
  const properties = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${i}`, { type: 'string' }]));
  schemas['Spread'] = { type: 'object', properties, anyOf: Array.from({ length: 400 }, (_, i) => ({ required: [`p${i}`] })) };

  const document = {
    openapi: '3.1.0',
    info: { version: '1.0.0', title: 'Misskey API', 'x-deep': deepValue(100_000) },
    paths: {
      '/deep': endpoint({ responses: ok(ref('Deep')), 'x-deep': deepValue(100_000) }),
      '/expands': endpoint({ responses: ok(ref('Expands')) }),
      '/chain': endpoint({ responses: ok(ref('Chain0')) }),
      '/cycle': endpoint({ responses: ok(ref('CycleA')) }),
      '/fan': endpoint({ requestBody: { content: { 'application/json': { schema: ref('Fan0') } } } }),
      '/spread': endpoint({ requestBody: { content: { 'application/json': { schema: ref('Spread') } } } }),
      '/defaults': endpoint({ responses: ok({ type: 'object', properties: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`d${i}`, ref(`Default${i}`)])) }) }),
    },
    components: { schemas },
  };
  let text = JSON.stringify(document);
  for (const [key, value] of pieces) text = text.replace(JSON.stringify(key), value);
  return text;
}

/** Every keyword openapi-typescript or the validator reads, with values of every wrong kind, one property each. */
function keywordsSpec(): object {
  const keywords = [
    'title', 'summary', 'description', 'default', 'example', 'examples', 'format', 'deprecated', 'const', 'enum', 'nullable', 'discriminator',
    'required', 'items', 'prefixItems', 'properties', 'additionalProperties', 'patternProperties', '$defs', 'type', 'readOnly', 'writeOnly',
    'minItems', 'maxItems', 'allOf', 'anyOf', 'oneOf', 'not', '$ref', 'x-enum-varnames',
  ];
  const values: unknown[] = [5, 'x', '100%', null, true, false, [], {}, [5, 'x'], { a: 5 }, [{ $ref: '#/components/schemas/Nope' }], { propertyName: 5 }];
  const schemas: Record<string, unknown> = { Error: { type: 'object' } };
  for (const keyword of keywords) {
    values.forEach((value, i) => {
      for (const type of ['object', 'array', 'string'] as const) schemas[`K_${keyword}_${i}_${type}`] = { type, [keyword]: value };
      schemas[`A_${keyword}_${i}`] = { allOf: [{ type: 'object', [keyword]: value }, { type: 'object', properties: { p: { type: 'object', [keyword]: value } } }] };
    });
  }
  const all = { type: 'object', properties: Object.fromEntries(Object.keys(schemas).map((name) => [name, { $ref: `#/components/schemas/${name}` }])) };
  return {
    openapi: '3.1.0',
    info: { version: '1.0.0', title: 'Misskey API' },
    paths: { '/all': { post: { description: '**Credential required**: *No*', requestBody: { content: { 'application/json': { schema: all } } }, responses: { 200: { description: 'OK', content: { 'application/json': { schema: all } } } } } } },
    components: { schemas },
  };
}
