/** Unit tests of the small pieces every spec goes through: description lines, names, safe text, channels. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsDoc, literal, commentText } from '../../../generator/emit/safe.js';
import { emitTemplateFile } from '../../../generator/emit/template-file.js';
import { CHANNELS, serverChannels } from '../../../generator/normalize/channels.js';
import { NameRegistry, camelCase, pascalCase } from '../../../generator/normalize/names.js';
import { parseAccessLines } from '../../../generator/normalize/description.js';
import { collectErrors } from '../../../generator/normalize/error-codes.js';
import { normalize } from '../../../generator/normalize/index.js';
import { model } from '../../helpers/model.js';
import { ROOT, compareVersions, realSpecs } from '../../helpers/specs.js';

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
    expect(names.claim('notesCreate').name).toBe('notesCreate');
    expect(names.claim('notesCreate').name).toBe('notesCreate2');
    expect(names.claim('createClient').name).toBe('createClient2');
    expect(names.claim('delete').name).toBe('delete_');
    expect(names.claim('a b"c').name).toBe('a_b_c');
    expect(names.claimGroup('Foo', ['Params', 'Result']).name).toBe('Foo');
    expect(names.claimGroup('Foo', ['Params', 'Result']).name).toBe('Foo2');
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

describe('streaming channels a spec shows', () => {
  const template = readFileSync(join(ROOT, 'templates/channels.ts'), 'utf8');
  const all = CHANNELS.map((c) => c.name);
  const withNeeds = CHANNELS.filter((c) => c.needs.length > 0).map((c) => c.name);

  it('keeps every channel without needs, and one with needs only when the spec has all its entities', () => {
    const bare = serverChannels([]);
    expect(bare.absent).toEqual(withNeeds);
    expect(bare.present.map((c) => c.name)).toEqual(all.filter((c) => !withNeeds.includes(c)));
    expect(bare.present.map((c) => c.name)).toEqual(expect.arrayContaining(['main', 'homeTimeline', 'drive', 'admin']));
    // chatRoom needs the room entity as well as the message one.
    const halfChat = serverChannels(['ChatMessageLite']);
    expect(halfChat.present.some((c) => c.name === 'chatUser')).toBe(true);
    expect(halfChat.absent).toContain('chatRoom');
    const everything = serverChannels(CHANNELS.flatMap((c) => c.needs));
    expect(everything.absent).toEqual([]);
    expect(everything.present.map((c) => c.name)).toEqual(all);
  });

  it('keeps the streaming-only permission of a channel every server has, and leaves out an absent channel’s', () => {
    const doc = (schemas: unknown) => ({ openapi: '3.1.0', info: { title: 'Misskey API', version: '1' }, paths: { '/x': { post: { responses: { '204': {} } } } }, components: { schemas } });
    const permissions = normalize(doc({}), { specSha256: '' }).permissions;
    expect(permissions).toContain('read:admin:stream');
    expect(permissions).not.toContain('read:chat');
    expect(normalize(doc({ ChatMessageLite: {}, ChatRoom: {} }), { specSha256: '' }).permissions).toContain('read:chat');
    // A document with no usable components has no entities, so no feature channels; never a throw.
    expect(normalize(doc('nonsense'), { specSha256: '' }).permissions).not.toContain('read:chat');
  });

  it('fills the absent channels into the template, and leaves text without the declaration alone', () => {
    expect(template).toMatch(/^type AbsentChannels = never;$/m);
    expect(template).toMatch(/^export type Channels = Omit<KnownChannels, AbsentChannels>;$/m);
    const withAbsent = (absentChannels: string[], text: string) => emitTemplateFile({ ...model(), absentChannels }, text);
    expect(withAbsent([], template)).toBe(template);
    const filled = withAbsent(['chatRoom', 'chatUser'], template);
    expect(filled).toMatch(/^type AbsentChannels = "chatRoom" \| "chatUser";$/m);
    expect(filled.replace(/^type AbsentChannels = .*$/m, '')).toBe(template.replace(/^type AbsentChannels = .*$/m, ''));
    expect(withAbsent(['chatUser'], 'export const x = 1;\n')).toBe('export const x = 1;\n');
  });
});

describe('compareVersions (spec files in release order)', () => {
  it('orders by number, not as text, with a pre-release before its release', () => {
    const sorted = ['2024.11.0', '2025.4.0', '13.14.2', '2024.5.0', '2025.4.0-beta.10', '2025.4.0-beta.2', '2024.5.0-rc.1', '12.119.2'].sort(compareVersions);
    expect(sorted).toEqual(['12.119.2', '13.14.2', '2024.5.0-rc.1', '2024.5.0', '2024.11.0', '2025.4.0-beta.2', '2025.4.0-beta.10', '2025.4.0']);
    expect(compareVersions('2026.7.0', '2026.7.0')).toBe(0);
  });

  it('lists spec files in release order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mkcg-specs-'));
    try {
      for (const v of ['2024.11.0', '2024.5.0', '13.14.2', '2026.7.0']) writeFileSync(join(dir, `misskey-${v}.json`), '{}');
      writeFileSync(join(dir, 'README.md'), '');
      expect(realSpecs(dir).map((s) => s.version)).toEqual(['13.14.2', '2024.5.0', '2024.11.0', '2026.7.0']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
