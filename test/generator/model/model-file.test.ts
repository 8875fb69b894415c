/**
 * generator/model/model-file.ts: model.json against its one declared shape — every field of the
 * model is in it, a model goes through unchanged, a missing field takes its neutral value, and
 * anything of the wrong kind is refused with the JSON pointer where.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../../generator/load/index.js';
import { MODEL, ModelFileError, parseModel, readModelFile, readPackageModel } from '../../../generator/model/model-file.js';
import type { ApiModel } from '../../../generator/model/types.js';
import { modelFromSpec } from '../../../generator/normalize/from-spec.js';
import { tempDir } from '../../helpers/generate.js';
import { endpoint, model } from '../../helpers/model.js';

let reference: ApiModel;
const dir = tempDir('mkcg-model-file-');
beforeAll(async () => {
  reference = modelFromSpec(await loadSpec({}), { excludeInternal: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const refused = (value: unknown): string => {
  try {
    parseModel(value, 'model.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as ModelFileError).code).toBe('BAD_MODEL');
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('the shape of model.json', () => {
  it('names every top-level field of the model, and a real model goes through unchanged', () => {
    expect(Object.keys(MODEL).sort()).toEqual(Object.keys(reference).sort());
    expect(parseModel(clone(reference), 'model.json')).toEqual(reference);
    expect(reference.options).toEqual({ excludeInternal: true, emit: 'ts' });
  });

  it('keeps only the fields it names (a field from a later version is dropped, not carried blindly)', () => {
    const later = { ...clone(model({ endpoints: [endpoint('a')] })), future: 1 };
    (later.endpoints[0] as unknown as Record<string, unknown>)['future'] = 2;
    const back = parseModel(later, 'model.json') as unknown as Record<string, unknown>;
    expect(back).not.toHaveProperty('future');
    expect((back['endpoints'] as Record<string, unknown>[])[0]).not.toHaveProperty('future');
  });
});

describe('older packages', () => {
  it('give fields added since then their neutral value', () => {
    const old = clone(reference) as unknown as Record<string, unknown>;
    for (const key of ['options', 'channels', 'absentChannels', 'warnings']) delete old[key];
    delete (old['source'] as Record<string, unknown>)['software'];
    for (const e of old['endpoints'] as Record<string, unknown>[]) for (const key of ['allowGet', 'deprecated', 'rateLimited', 'errors']) delete e[key];
    const back = parseModel(old, 'model.json');
    expect(back.options).toEqual({ excludeInternal: false, emit: 'ts' });
    expect(back.source.software).toBe('misskey');
    expect([back.channels, back.absentChannels, back.warnings]).toEqual([[], [], []]);
    expect(back.endpoints.every((e) => e.allowGet === false && e.rateLimited === false && e.errors.length === 0)).toBe(true);
  });
});

describe('a model.json that is not one', () => {
  it('is refused at the pointer of the first thing wrong, in one line', () => {
    const m = clone(model({ endpoints: [endpoint('a'), endpoint('b')] }));
    expect(refused([])).toBe('model.json: # is not an object; not a model.json written by misskey-codegen');
    expect(refused({ ...m, endpoints: {} })).toContain('#/endpoints is not an array');
    expect(refused({ ...m, endpoints: [m.endpoints[0], { ...m.endpoints[1], name: 42 }] })).toContain('model.json: #/endpoints/1/name is not a string;');
    expect(refused({ ...m, endpoints: [{ ...m.endpoints[0], body: { kind: 'xml' } }] })).toContain('#/endpoints/0/body/kind is not one of none, json, multipart');
    expect(refused({ ...m, endpoints: [{ ...m.endpoints[0], permission: 1 }] })).toContain('#/endpoints/0/permission is not a string or null');
    expect(refused({ ...m, schemas: [{ name: 'X', typeName: 'X', schema: 'any' }] })).toContain('#/schemas/0/schema is not a schema (an object or a boolean)');
    expect(refused({ ...m, source: { title: 'x' } })).toContain('#/source/version is missing');
    expect(refused({ ...m, options: { emit: 'wasm' } })).toContain('#/options/emit is not one of ts, js');
    const channel = { name: 'hashtag', credential: false, permission: null, shared: false, timeline: { endpoint: 'notes/search-by-tag', params: ['q'], rename: { q: 1 } } };
    expect(refused({ ...m, channels: [channel] })).toContain('#/channels/0/timeline/rename/q is not a string');
    expect(refused({ ...m, channels: [{ ...channel, timeline: { ...channel.timeline, rename: [] } }] })).toContain('#/channels/0/timeline/rename is not an object');
  });

  it('keeps a renamed param called __proto__ as data, never as a prototype', () => {
    const rename = JSON.parse('{"__proto__": "query"}') as Record<string, unknown>;
    const channel = { name: 'hashtag', credential: false, permission: null, shared: false, timeline: { endpoint: 'notes/search-by-tag', params: ['__proto__'], rename } };
    const back = parseModel({ ...clone(model()), channels: [channel] }, 'model.json');
    const read = back.channels[0]?.timeline?.rename as Record<string, string>;
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.keys(read)).toEqual(['__proto__']);
    expect(read['__proto__']).toBe('query');
  });

  it('is refused when a field that has a neutral value holds the wrong kind (it is not silently blanked)', () => {
    const m = clone(model());
    expect(refused({ ...m, source: { ...m.source, title: 5 } })).toContain('#/source/title is not a string');
  });
});

describe('reading from disk', () => {
  it('says which file cannot be read or parsed, and finds a package’s model or says there is none', async () => {
    mkdirSync(join(dir, 'pkg'));
    await expect(readModelFile(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'MODEL_UNREADABLE', message: expect.stringContaining('missing.json (ENOENT)') });
    writeFileSync(join(dir, 'pkg', 'model.json'), '{"source": ');
    await expect(readPackageModel(join(dir, 'pkg'))).rejects.toMatchObject({ code: 'BAD_MODEL', message: expect.stringContaining('is not valid JSON') });
    writeFileSync(join(dir, 'pkg', 'model.json'), JSON.stringify(model()));
    expect(await readPackageModel(join(dir, 'pkg'))).toEqual(model());
    expect(await readPackageModel(join(dir, 'nothing'))).toBeUndefined();
  });
});
