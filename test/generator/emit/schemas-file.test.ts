/** generator/emit/schemas-file.ts: one flat named type per component schema. */
import { describe, expect, it } from 'vitest';
import { emitSchemasFile } from '../../../generator/emit/schemas-file.js';
import { model, ref, schema } from '../../helpers/model.js';

describe('emitSchemasFile', () => {
  it('declares each schema under its type name, referring to the others by theirs, with its description', () => {
    const text = emitSchemasFile(
      model({
        schemas: [
          { ...schema('Ba/se', { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }), typeName: 'BaSe', description: 'The base. */' },
          schema('Note', { type: 'object', properties: { base: ref('Ba/se'), kind: { enum: ['a', 'b'] } } }),
          schema('Id', { type: 'string' }),
        ],
      }),
    );
    expect(text).toContain('/**\n * The base. *\\/\n */\nexport interface BaSe {');
    expect(text).toContain('base?: BaSe;');
    expect(text).toContain('kind?: "a" | "b";');
    expect(text).toContain('export type Id = string;');
    expect(text).not.toContain('import');
  });

  it('prints the helpers its own types use, once, and is a module without schemas', () => {
    const text = emitSchemasFile(model({ schemas: [schema('A', { type: 'object', properties: { x: { type: 'string' } } }), schema('B', { allOf: [ref('A')], required: ['x'] }), schema('C', { allOf: [ref('A')], required: ['x'] })] }));
    expect(text.match(/type WithRequired</g)).toHaveLength(1);
    expect(emitSchemasFile(model())).toBe('export {};\n');
  });
});
