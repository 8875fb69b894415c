/** generator/emit/entities-file.ts: the entity names templates import, as this server's schemas or safe fallbacks. */
import { describe, expect, it } from 'vitest';
import { emitEntitiesFile } from '../../../generator/emit/entities-file.js';
import { model, schema } from '../../helpers/model.js';

describe('emitEntitiesFile', () => {
  it('re-exports the schema of each name (under its type name when it had to be renamed), and falls back to a loose object', () => {
    const m = model({ schemas: [schema('Note', {}), { ...schema('Record', {}), typeName: 'Record2' }] });
    expect(emitEntitiesFile(m, ['Note', 'Record', 'ChatRoom'])).toBe(
      'export type { Note } from "./schemas.js";\n' +
        'export type { Record2 as Record } from "./schemas.js";\n' +
        "/** This server's spec has no `ChatRoom` schema. */\nexport type ChatRoom = { id: string; [key: string]: unknown };\n",
    );
  });

  it('is a module when the templates ask for nothing', () => {
    expect(emitEntitiesFile(model(), [])).toBe('export {};\n');
  });
});
