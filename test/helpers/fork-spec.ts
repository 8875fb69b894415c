/**
 * A synthetic fork, built from the embedded reference spec the way forks grow: two endpoints of
 * its own, two permissions, one schema, and two conventions worded its own way — `format: id`
 * instead of `misskey:id` everywhere (as older forks write it), and its own endpoints giving the
 * permission on a line of its own under another label (`**Required permission**`).
 */
import { readFileSync } from 'node:fs';
import { REFERENCE_SPEC } from './specs.js';

export const FORK_VERSION = '2026.7.0-bite.1';

type Json = Record<string, any>;

const errorResponse = (code: string, message: string) => ({
  description: 'Client error',
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
      examples: { [code]: { value: { error: { message, code, id: '5f2c9c4e-0000-4000-8000-000000000001' } } } },
    },
  },
});

export function forkDocument(): Json {
  const text = readFileSync(REFERENCE_SPEC, 'utf8').replaceAll('"format":"misskey:id"', '"format":"id"');
  const doc = JSON.parse(text) as Json;
  doc['info'].version = FORK_VERSION;
  doc['components'].schemas.Bite = {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'id' },
      createdAt: { type: 'string', format: 'date-time' },
      user: { $ref: '#/components/schemas/UserLite' },
      noteId: { type: ['string', 'null'], format: 'id' },
    },
    required: ['id', 'createdAt', 'user', 'noteId'],
  };
  doc['paths']['/bites/create'] = {
    post: {
      operationId: 'post___bites___create',
      summary: 'bites/create',
      description: 'Bite a note.\n\n**Credential required**: *Yes*\n**Required permission**: *write:bites*',
      tags: ['bites'],
      security: [{ bearerAuth: [] }],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', properties: { noteId: { type: 'string', format: 'id' } }, required: ['noteId'] } } },
      },
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Bite' } } } },
        '400': errorResponse('NO_SUCH_NOTE', 'No such note.'),
      },
    },
  };
  doc['paths']['/bites/list'] = {
    post: {
      operationId: 'post___bites___list',
      summary: 'bites/list',
      description: 'Bites you received.\n\n**Credential required**: *Yes* / **Permission**: *read:bites*',
      tags: ['bites'],
      security: [{ bearerAuth: [] }],
      requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 100 } } } } } },
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Bite' } } } } },
      },
    },
  };
  return doc;
}

/** A consumer of the fork's extras; compiles only if the package exposes them with the right types. */
export const FORK_CONSUMER = `
import { bitesCreate, bitesList, createClient, endpointMeta, permissions, type Bite, type BitesCreateErrorCode, type Permission } from './client/index.js';

const client = createClient({ origin: 'https://fork.example', token: 'TOKEN' });

export async function bite(noteId: string): Promise<string> {
  const created: Bite = await bitesCreate(client, { noteId });
  const who: string = created.user.username;
  const on: string | null = created.noteId;
  const list: Bite[] = await bitesList(client, { limit: 10 });
  return who + (on ?? '') + list.length;
}

export const write: Permission = 'write:bites';
export const read: Permission = 'read:bites';
export const code: BitesCreateErrorCode = 'NO_SUCH_NOTE';
export const known: boolean = permissions.includes('write:bites');
export const needs: Permission | null = endpointMeta['bites/create'].permission;

// @ts-expect-error the params are checked: noteId is required
export const missing = () => bitesCreate(client, {});
`;
