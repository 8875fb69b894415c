/** generator/normalize/description.ts: the access rules Misskey writes as lines of an endpoint's description. */
import { describe, expect, it } from 'vitest';
import { parseAccessLines } from '../../../generator/normalize/description.js';

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

describe('parseAccessLines, as forks and older servers write it', () => {
  it('reads the other labels (Permissions, Required permission, Kind), on the credential line or a line of their own', () => {
    expect(parseAccessLines('**Credential required**: *Yes* / **Kind**: *read:account*').permission).toBe('read:account');
    expect(parseAccessLines('**Credential required**: *Yes*\n**Required permission**: *write:drive*')).toMatchObject({ credential: true, permission: 'write:drive', text: '' });
    expect(parseAccessLines('**Credential required**: *true* / **Permissions**: *read:chat*')).toMatchObject({ credential: true, permission: 'read:chat' });
  });

  it('keeps the first permission line when there are two, and text around the lines', () => {
    expect(parseAccessLines('Before.\n**Permission**: *a:b*\n**Permission**: *c:d*\nAfter.')).toEqual({ credential: undefined, permission: 'a:b', internal: false, text: 'Before.\nAfter.' });
  });
});
