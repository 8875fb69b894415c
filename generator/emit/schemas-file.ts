/** schemas.ts: one flat, named type per component schema (`Note`, `UserLite`, …), and the helpers they use. */
import { refTo } from '../model/refs.js';
import type { ApiModel } from '../model/types.js';
import { jsDoc } from './safe.js';
import { TypeEmitter } from './types.js';

export function emitSchemasFile(model: ApiModel): string {
  const types = new TypeEmitter(model);
  const parts: string[] = [];
  for (const schema of model.schemas) {
    parts.push(jsDoc(schema.description ? [schema.description] : []) + types.declaration(schema.typeName, schema.schema, refTo(schema.name)));
  }
  types.takeReferences(); // same file: nothing to import
  if (parts.length === 0) parts.push('export {};');
  const footer = types.footer();
  return parts.join('\n\n') + '\n' + (footer ? `\n${footer}\n` : '');
}
