/**
 * entities.ts: the bridge between hand-written templates and this server's schemas. A template
 * imports entity names from './entities.js'; each becomes this server's schema of that name or,
 * where the spec has none (older versions, forks), a loose but safe object type.
 */
import type { ApiModel } from '../model/types.js';
import { importList } from './layout.js';

const FALLBACK = '{ id: string; [key: string]: unknown }';

/** `names`: what the templates import from './entities.js' (`Assets.entities`). */
export function emitEntitiesFile(model: ApiModel, names: readonly string[]): string {
  const typeName = new Map(model.schemas.map((s) => [s.name, s.typeName]));
  const lines = names.map((name) => {
    const own = typeName.get(name);
    if (own === undefined) return `/** This server's spec has no \`${name}\` schema. */\nexport type ${name} = ${FALLBACK};`;
    return importList([own === name ? name : `${own} as ${name}`], '"./schemas.js"', 'export type').trimEnd();
  });
  return (lines.length ? lines.join('\n') : 'export {};') + '\n';
}
