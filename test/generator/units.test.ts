/** Unit tests of the small pieces every spec goes through: description lines, names, safe text. */
import { describe, expect, it } from 'vitest';
import { jsDoc, literal, commentText } from '../../generator/emit/safe.js';
import { NameRegistry, camelCase, pascalCase } from '../../generator/names.js';
import { parseAccessLines } from '../../generator/normalize/description.js';
import { collectErrors } from '../../generator/normalize/errors.js';

describe('parseAccessLines', () => {
  it('reads credential, permission and internal lines, and keeps only the human text', () => {
    const parsed = parseAccessLines(
      'Create a note.\n\n**Internal Endpoint**: This endpoint is an API for the misskey mainframe.\n\n**Credential required**: *Yes* / **Permission**: *write:notes*',
    );
    expect(parsed).toEqual({ credential: true, permission: 'write:notes', internal: true, text: 'Create a note.' });
  });

  it('accepts No with a permission (optional credential), and drops the filler text', () => {
    expect(parseAccessLines('No description provided.\n\n**Credential required**: *No* / **Permission**: *read:account*')).toEqual({
      credential: false,
      permission: 'read:account',
      internal: false,
      text: '',
    });
  });

  it('is lenient about case and spacing, and says when the line is missing', () => {
    expect(parseAccessLines('** Credential Required **:  *yes*').credential).toBe(true);
    expect(parseAccessLines('Just text').credential).toBeUndefined();
  });
});

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

describe('names', () => {
  it('camel- and Pascal-cases endpoint names', () => {
    expect(camelCase('admin/abuse-report/notification-recipient/create')).toBe('adminAbuseReportNotificationRecipientCreate');
    expect(camelCase('i/2fa/done')).toBe('i2faDone');
    expect(camelCase('2fa/done')).toBe('_2faDone');
    expect(pascalCase('notes/create')).toBe('NotesCreate');
    expect(camelCase('***')).toBe('_');
  });

  it('hands out unique, valid, non-reserved identifiers in claim order', () => {
    const names = new NameRegistry(['createClient']);
    expect(names.claim('notesCreate')).toBe('notesCreate');
    expect(names.claim('notesCreate')).toBe('notesCreate2');
    expect(names.claim('createClient')).toBe('createClient2');
    expect(names.claim('delete')).toBe('delete_');
    expect(names.claim('a b"c')).toBe('a_b_c');
    expect(names.claimGroup('Foo', ['Params', 'Result'])).toBe('Foo');
    expect(names.claimGroup('Foo', ['Params', 'Result'])).toBe('Foo2');
  });
});

describe('safe text', () => {
  it('makes string literals of anything', () => {
    const hostile = `a'b"c\`\${x}\u2028\n*/`;
    expect(eval(literal(hostile))).toBe(hostile);
    expect(literal('\u2028')).toBe('"\\u2028"');
  });

  it('keeps comments closed', () => {
    expect(commentText('a */ b')).toBe('a *\\/ b');
    const doc = jsDoc(['x */ alert(1) /*', 'line\r\nbreak']);
    expect(doc.match(/\*\//g)).toHaveLength(1);
    expect(doc.trimEnd().endsWith('*/')).toBe(true);
  });
});
