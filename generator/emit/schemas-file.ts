/** schemas.ts: one flat, named type per component schema (`Note`, `UserLite`, …). */
import type { ApiModel } from '../model.js';
import { jsDoc } from './safe.js';
import type { TypeEmitter } from './types.js';

export function emitSchemasFile(model: ApiModel, types: TypeEmitter): string {
  const parts: string[] = [];
  for (const schema of model.schemas) {
    parts.push(jsDoc(schema.description ? [schema.description] : []) + types.declaration(schema.typeName, schema.schema, `#/components/schemas/${schema.name}`));
  }
  types.takeReferences(); // same file: nothing to import
  if (parts.length === 0) parts.push('export {};');
  return parts.join('\n\n') + '\n';
}
