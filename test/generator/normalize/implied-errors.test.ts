/** generator/normalize/implied-errors.ts: errors the server sends without the spec listing them. */
import { describe, expect, it } from 'vitest';
import { withImpliedErrors } from '../../../generator/normalize/implied-errors.js';

const endpoint = (parts: { permission?: string | null; internal?: boolean; rateLimited?: boolean; errors?: { code: string; id: string; message: string }[] }) => ({
  permission: null,
  internal: false,
  rateLimited: false,
  errors: [],
  ...parts,
});

describe('withImpliedErrors', () => {
  it('adds PERMISSION_DENIED where a permission is named, ACCESS_DENIED to internal endpoints, RATE_LIMIT_EXCEEDED where rate limited', () => {
    expect(withImpliedErrors(endpoint({ permission: 'write:notes' })).map((e) => [e.code, e.status])).toEqual([['PERMISSION_DENIED', 403]]);
    expect(withImpliedErrors(endpoint({ internal: true })).map((e) => [e.code, e.status])).toEqual([['ACCESS_DENIED', 400]]);
    expect(withImpliedErrors(endpoint({ rateLimited: true })).map((e) => [e.code, e.status])).toEqual([['RATE_LIMIT_EXCEEDED', 429]]);
    expect(withImpliedErrors(endpoint({}))).toEqual([]);
  });

  it('keeps the spec’s own entry for a code it lists, and the list sorted', () => {
    const own = { code: 'PERMISSION_DENIED', id: 'own', message: 'listed' };
    const listed = [{ code: 'A', id: '', message: '' }, own];
    expect(withImpliedErrors(endpoint({ permission: 'x', rateLimited: true, errors: listed }))).toEqual([listed[0], own, expect.objectContaining({ code: 'RATE_LIMIT_EXCEEDED' })]);
  });

  it('carries the id, message, kind and status the server sends (the table the mock answers from: normalize/server-errors.ts)', () => {
    expect(withImpliedErrors(endpoint({ internal: true }))).toEqual([{ code: 'ACCESS_DENIED', id: '56f35758-7dd5-468b-8439-5d6fb8ec9b8e', message: 'Access denied.', kind: 'client', status: 400 }]);
    expect(withImpliedErrors(endpoint({ rateLimited: true }))[0]?.id).toBe('d5826d14-3982-4d2e-8011-b9e9f02499ef');
  });
});
