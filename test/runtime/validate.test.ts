/**
 * The response validator (runtime/validate.ts) on small hand-written schemas: each keyword Misskey
 * specs use, the paths and descriptions it reports, and what it deliberately lets through.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  ResponseValidationError,
  createValidator,
  formatMismatch,
  validateResult,
  type Schema,
  type ValidationSchemas,
} from '../../runtime/validate.js';
import { MisskeyError } from '../../runtime/http/errors.js';

const REF = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const components: Record<string, Schema> = {
  UserLite: {
    type: 'object',
    properties: { id: { type: 'string' }, name: { type: ['string', 'null'] }, isBot: { type: 'boolean' } },
    required: ['id', 'name'],
  },
  Note: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      user: REF('UserLite'),
      renote: { oneOf: [REF('Note'), { type: 'null' }] },
      visibility: { type: 'string', enum: ['public', 'home', 'followers', 'specified'] },
      reactionAcceptance: { type: ['string', 'null'], enum: ['likeOnly', null] },
      reactions: { type: 'object', additionalProperties: { anyOf: [{ type: 'number' }] } },
      files: { type: 'array', items: REF('DriveFile') },
    },
    required: ['id', 'user', 'visibility'],
  },
  DriveFile: { type: 'object', properties: { id: { type: 'string' }, size: { type: 'integer' } }, required: ['id'] },
  // 3.0 style
  Legacy: { type: 'object', properties: { host: { type: 'string', nullable: true }, status: { type: 'string', nullable: true, enum: ['online'] } } },
};

function schemas(results: Record<string, Schema>, noContent: string[] = []): ValidationSchemas {
  return { results, noContent, components };
}

const note = (extra: Record<string, unknown> = {}) => ({
  id: 'n1',
  user: { id: 'u1', name: null },
  visibility: 'public',
  renote: null,
  ...extra,
});

const check = (schema: Schema, value: unknown) =>
  validateResult(schemas({ e: schema }), 'e', value).map(({ path, expected, actual }) => ({ path, expected, actual }));

describe('validateResult', () => {
  it('accepts a conforming value, extra fields included', () => {
    expect(check(REF('Note'), note({ somethingNew: { deep: [1, 2] }, reactions: { '👍': 2 } }))).toEqual([]);
  });

  it('reports a null where the schema says non-null, with its path', () => {
    expect(check(REF('Note'), note({ user: { id: null, name: 'a' } }))).toEqual([{ path: '$.user.id', expected: 'string', actual: 'null' }]);
  });

  it('reports an unknown enum value with the value and the allowed ones', () => {
    expect(check(REF('Note'), note({ visibility: 'secret' }))).toEqual([
      { path: '$.visibility', expected: 'one of "public", "home", "followers", "specified"', actual: '"secret"' },
    ]);
  });

  it('accepts null in a 3.1 type array and in an enum that lists it', () => {
    expect(check(REF('Note'), note({ reactionAcceptance: null, user: { id: 'u', name: null } }))).toEqual([]);
  });

  it('reports a missing required property', () => {
    const { visibility: _, ...rest } = note();
    expect(check(REF('Note'), rest)).toEqual([{ path: '$.visibility', expected: 'a required property', actual: 'missing' }]);
  });

  it('follows $ref recursively (a renote of a renote) and reports inside the branch the value chose', () => {
    const deep = note({ renote: note({ renote: note({ user: { id: 'u', name: 5 } }) }) });
    expect(check(REF('Note'), deep)).toEqual([{ path: '$.renote.renote.user.name', expected: 'string | null', actual: 'number' }]);
  });

  it('describes a oneOf no branch of which has the right shape', () => {
    expect(check(REF('Note'), note({ renote: 'n2' }))).toEqual([{ path: '$.renote', expected: 'Note | null', actual: 'string' }]);
  });

  it('checks array items with their index, and additionalProperties values with their key', () => {
    const value = note({ files: [{ id: 'f1', size: 1 }, { id: 'f2', size: 1.5 }], reactions: { ok: 1, 'a b': 'x' } });
    expect(check(REF('Note'), value)).toEqual([
      { path: '$.reactions["a b"]', expected: 'number', actual: 'string' },
      { path: '$.files[1].size', expected: 'integer', actual: 'number 1.5' },
    ]);
  });

  it('reads 3.0 `nullable`, also next to an enum', () => {
    expect(check(REF('Legacy'), { host: null, status: null })).toEqual([]);
    expect(check(REF('Legacy'), { host: 1, status: 'away' })).toEqual([
      { path: '$.host', expected: 'string | null', actual: 'number' },
      { path: '$.status', expected: 'one of "online" | null', actual: '"away"' },
    ]);
  });

  it('checks const, allOf, tuples, and a false schema', () => {
    expect(check({ const: 'ok' }, 'no')).toEqual([{ path: '$', expected: '"ok"', actual: '"no"' }]);
    const both = { allOf: [{ type: 'object', required: ['a'] }, { properties: { b: { type: 'string' } } }] };
    expect(check(both, { b: 1 })).toEqual([
      { path: '$.a', expected: 'a required property', actual: 'missing' },
      { path: '$.b', expected: 'string', actual: 'number' },
    ]);
    const tuple = { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] };
    expect(check(tuple, [['host', 1]][0])).toEqual([]);
    expect(check(tuple, ['host', 'one'])).toEqual([{ path: '$[1]', expected: 'number', actual: 'string' }]);
    expect(check({ type: 'array', items: [{ type: 'string' }] }, [1])).toEqual([{ path: '$[0]', expected: 'string', actual: 'number' }]);
    expect(check(false, 1)).toEqual([{ path: '$', expected: 'nothing (schema false)', actual: 'number' }]);
  });

  it('does not check formats, and ignores additionalProperties: false (extra data breaks no type)', () => {
    expect(check({ type: 'string', format: 'date-time' }, 'yesterday')).toEqual([]);
    expect(check({ type: 'object', properties: {}, additionalProperties: false }, { extra: 1 })).toEqual([]);
  });

  it('accepts a reference it cannot resolve, and does not loop on a schema that refers to itself', () => {
    expect(check(REF('Nope'), 1)).toEqual([]);
    const loop = { results: { e: REF('A') }, noContent: [], components: { A: REF('B'), B: REF('A') } };
    expect(validateResult(loop, 'e', 1)).toEqual([]);
  });

  it('204s: fine where the spec allows them, a mismatch where it promises a body, and the reverse', () => {
    const s = schemas({ body: { type: 'object' }, either: { type: 'object' } }, ['either', 'none']);
    expect(validateResult(s, 'either', undefined)).toEqual([]);
    expect(validateResult(s, 'none', undefined)).toEqual([]);
    expect(validateResult(s, 'body', undefined)).toMatchObject([{ path: '$', expected: 'a JSON body', actual: 'no content (204)' }]);
    expect(validateResult(s, 'none', { a: 1 })).toMatchObject([{ path: '$', expected: 'no content (204)', actual: 'object' }]);
  });

  it('leaves endpoints it has no schema for alone, including inherited names', () => {
    expect(validateResult(schemas({}), 'signin', { anything: 1 })).toEqual([]);
    expect(validateResult(schemas({}), 'constructor', 1)).toEqual([]);
  });

  it('shows values only when asked, and passes every reported text through scrub', () => {
    const s = schemas({ e: REF('Note') });
    const bad = note({ visibility: 'SECRET-TOKEN' });
    const plain = validateResult(s, 'e', bad);
    expect(plain[0]).not.toHaveProperty('value');
    const scrub = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll('SECRET-TOKEN', '[redacted]')) as unknown;
    const [m] = validateResult(s, 'e', bad, { includeValues: true, scrub });
    expect(m).toEqual({ endpoint: 'e', path: '$.visibility', expected: expect.any(String), actual: '"[redacted]"', value: '[redacted]' });
  });
});

describe('createValidator', () => {
  const s = schemas({ e: REF('Note') });
  const scrub = (v: unknown) => v;

  it("'report' (default) hands mismatches to onMismatch and lets the call succeed", () => {
    const onMismatch = vi.fn();
    createValidator(s, { onMismatch })('e', note({ visibility: 1 }), scrub);
    expect(onMismatch).toHaveBeenCalledTimes(1);
    expect(onMismatch.mock.calls[0]?.[0]).toMatchObject([{ endpoint: 'e', path: '$.visibility' }]);
    createValidator(s, { onMismatch })('e', note(), scrub);
    expect(onMismatch).toHaveBeenCalledTimes(1);
  });

  it("'report' without a hook warns on the console, one line per mismatch", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      createValidator(s)('e', note({ visibility: 1, id: 2 }), scrub);
      expect(warn.mock.calls.map((c) => c[0])).toEqual([
        'e: $.id: expected string, got number',
        'e: $.visibility: expected one of "public", "home", "followers", "specified", got number',
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it("'throw' throws a ResponseValidationError carrying the mismatches", () => {
    const error = (() => {
      try {
        createValidator(s, { mode: 'throw' })('e', note({ user: {} }), scrub);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toBeInstanceOf(MisskeyError);
    const e = error as ResponseValidationError;
    expect(e.endpoint).toBe('e');
    expect(e.mismatches.map((m) => m.path)).toEqual(['$.user.id', '$.user.name']);
    expect(e.message).toBe('e: response does not match the spec: $.user.id: expected a required property, got missing; $.user.name: expected a required property, got missing');
  });

  it("'off' does nothing, and a bad mode is refused", () => {
    const onMismatch = vi.fn();
    createValidator(s, { mode: 'off', onMismatch })('e', 42, scrub);
    expect(onMismatch).not.toHaveBeenCalled();
    expect(() => createValidator(s, { mode: 'loud' as 'off' })).toThrow(TypeError);
  });

  it('formats a mismatch in one line', () => {
    expect(formatMismatch({ endpoint: 'e', path: '$.a', expected: 'string', actual: 'null' })).toBe('$.a: expected string, got null');
  });
});
