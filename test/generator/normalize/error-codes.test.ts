/** generator/normalize/error-codes.ts: an endpoint's error codes, read from the examples of its error responses. */
import { describe, expect, it } from 'vitest';
import { collectErrors } from '../../../generator/normalize/error-codes.js';

describe('collectErrors', () => {
  it('takes codes from examples, sorted, with the real status from httpStatusCode', () => {
    const example = (code: string, extra: object = {}) => ({ value: { error: { code, id: `id-${code}`, message: `m ${code}`, ...extra } } });
    const errors = collectErrors(
      {
        '200': {},
        '400': { content: { 'application/json': { examples: { NO_SUCH_USER: example('NO_SUCH_USER', { httpStatusCode: 404 }), A_ERR: example('A_ERR', { kind: 'client' }) } } } },
        '401': { content: { 'application/json': { examples: { CREDENTIAL_REQUIRED: example('CREDENTIAL_REQUIRED') } } } },
      },
      '#/paths/~1x/post/responses',
      [],
    );
    expect(errors).toEqual([
      { code: 'A_ERR', id: 'id-A_ERR', message: 'm A_ERR', kind: 'client', status: 400 },
      { code: 'CREDENTIAL_REQUIRED', id: 'id-CREDENTIAL_REQUIRED', message: 'm CREDENTIAL_REQUIRED', status: 401 },
      { code: 'NO_SUCH_USER', id: 'id-NO_SUCH_USER', message: 'm NO_SUCH_USER', status: 404 },
    ]);
  });

  it('warns with the pointer of an example without a code', () => {
    const warnings: { pointer: string; message: string }[] = [];
    collectErrors({ '400': { content: { 'application/json': { examples: { BAD: { value: {} } } } } } }, '#/paths/~1x/post/responses', warnings);
    expect(warnings).toEqual([{ pointer: '#/paths/~1x/post/responses/400/content/application~1json/examples/BAD', message: expect.stringContaining('error.code') }]);
  });
});

describe('collectErrors on what is not an example list', () => {
  it('skips 2xx responses, keeps the first of a repeated code, and warns once for examples that are not an object', () => {
    const warnings: { pointer: string; message: string }[] = [];
    const example = (code: string, message: string) => ({ value: { error: { code, id: '', message } } });
    const errors = collectErrors(
      {
        '200': { content: { 'application/json': { examples: { OK: example('NOT_AN_ERROR', '') } } } },
        '400': { content: { 'application/json': { examples: { A: example('TWICE', 'first'), B: example('TWICE', 'second') } } } },
        '500': { content: { 'application/json': { examples: ['not', 'an', 'object'] } } },
      },
      '#/paths/~1x/post/responses',
      warnings,
    );
    expect(errors).toEqual([{ code: 'TWICE', id: '', message: 'first', status: 400 }]);
    expect(warnings).toEqual([{ pointer: '#/paths/~1x/post/responses/500', message: 'error examples are not an object; ignored' }]);
  });
});
