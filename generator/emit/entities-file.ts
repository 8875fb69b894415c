/**
 * entities.ts: the bridge between hand-written templates and this server's schemas. A template
 * imports entity names from './entities.js'; each becomes this server's schema of that name or,
 * where the spec has none (older versions, forks), a loose but safe object type.
 */
import type { ApiModel } from '../model.js';

const FALLBACK = '{ id: string; [key: string]: unknown }';
const IMPORT = /import\s+type\s*\{([^}]*)\}\s*from\s*['"]\.\/entities\.js['"]/g;

/** The entity names the templates ask for, sorted. */
export function entityNames(templates: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const text of templates) {
    for (const m of text.matchAll(IMPORT)) {
      for (const item of (m[1] as string).split(',')) {
        const name = item.trim();
        if (/^[A-Za-z_$][\w$]*$/.test(name)) names.add(name);
      }
    }
  }
  return [...names].sort();
}

export function emitEntitiesFile(model: ApiModel, names: string[]): string {
  const typeName = new Map(model.schemas.map((s) => [s.name, s.typeName]));
  const lines = names.map((name) => {
    const own = typeName.get(name);
    if (own === undefined) return `/** This server's spec has no \`${name}\` schema. */\nexport type ${name} = ${FALLBACK};`;
    return own === name ? `export type { ${name} } from './schemas.js';` : `export type { ${own} as ${name} } from './schemas.js';`;
  });
  return (lines.length ? lines.join('\n') : 'export {};') + '\n';
}
