/**
 * Files the generator carries into every package (the runtime, the templates), its own version, and
 * the one way it reads and fills them. Found from the package root, so it works from the source tree
 * and from `dist/` alike.
 *
 * Templates are plain TypeScript, copied with a header. What they need from one server comes in two
 * ways only: entity types, imported from the generated `./entities.js` (each name becomes this
 * server's schema or a safe fallback), and slots, a `type Name = never;` declaration on a line of its
 * own that the generator fills in (`type AbsentChannels = "chatRoom" | "chatUser";`). The patterns
 * below read our own sources, written to that convention; tests check what they find against the
 * TypeScript compiler.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding misskey-codegen's package.json (the repo root, or the installed package). */
export function packageRoot(): string {
  if (root !== undefined) return root;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'misskey-codegen') return (root = dir);
      } catch {
        // An unreadable package.json on the way up is not ours; keep walking.
      }
    }
    if (dirname(dir) === dir) throw new Error(`misskey-codegen: cannot find its own package.json above ${start}`);
  }
}

export interface Assets {
  generatorVersion: string;
  /** `runtime/<file>.ts` → text, copied verbatim into `<out>/runtime/`. */
  runtime: Map<string, string>;
  /** `templates/<file>.ts` → text, copied (slots filled) into `<out>/`. */
  templates: Map<string, string>;
  /** Every name the runtime and templates export: a spec name never takes one (../normalize/names.ts). */
  exports: ReadonlySet<string>;
  /** The names templates import from `./entities.js`, sorted: entities.ts gives each one. */
  entities: readonly string[];
}

let cached: Assets | undefined;

/** misskey-codegen's own version (its package.json), read alone: the no-op check needs nothing else. */
export function generatorVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function loadAssets(): Assets {
  if (cached) return cached;
  const runtime = readFolder(join(packageRoot(), 'runtime'));
  const templates = readFolder(join(packageRoot(), 'templates'));
  cached = {
    generatorVersion: generatorVersion(),
    runtime,
    templates,
    exports: exportedNames([...runtime.values(), ...templates.values()]),
    entities: importedNames(templates.values(), './entities.js'),
  };
  return cached;
}

/** Relative path (`http/client.ts`, always with `/`) → text of every `.ts` file under `dir`, sub-folders included. */
function readFolder(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.split(/[\\/]/).some((part) => part.startsWith('.')))
    .sort();
  return new Map(files.map((f) => [f.split(sep).join('/'), readFileSync(join(dir, f), 'utf8')]));
}

// A doc comment may open the line (`/** Why. */ export class X`), as in the runtime's one-line declarations.
const EXPORT_DECLARATION = /^(?:\/\*\*(?:(?!\*\/).)*\*\/\s*)?export\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:class|function\*?|const|let|var|type|interface|enum)\s+([A-Za-z_$][\w$]*)/gm;
const EXPORT_LIST = /^export\s+(?:type\s+)?\{([^}]*)\}/gm;
const IMPORT_LIST = /^import\s+type\s*\{([^}]*)\}\s*from\s*(['"])([^'"]*)\2/gm;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Every name a set of TypeScript sources exports by declaration or in an export list. */
export function exportedNames(sources: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const text of sources) {
    for (const m of text.matchAll(EXPORT_DECLARATION)) names.add(m[1] as string);
    for (const m of text.matchAll(EXPORT_LIST)) for (const name of listedNames(m[1] as string)) names.add(name);
  }
  return names;
}

/** The names a set of TypeScript sources imports (`import type { … }`) from `specifier`, sorted. */
export function importedNames(sources: Iterable<string>, specifier: string): string[] {
  const names = new Set<string>();
  for (const text of sources) {
    for (const m of text.matchAll(IMPORT_LIST)) if (m[3] === specifier) for (const name of listedNames(m[1] as string)) names.add(name);
  }
  return [...names].sort();
}

/** `a, type b, c as d` → the names they bind here: a, b, d. */
function listedNames(list: string): string[] {
  return list
    .split(',')
    .map((item) => item.trim().split(/\s+as\s+/).pop()?.replace(/^type\s+/, '').trim() ?? '')
    .filter((name) => IDENTIFIER.test(name));
}

/**
 * `text` with its slot `type <name> = never;` replaced by `declaration` (the filled `type <name> = …;`,
 * laid out by the caller). Slots not given stay `never`; text without the slot is returned as is.
 */
export function fillSlot(text: string, name: string, declaration: string): string {
  const slot = new RegExp(`^type ${name} = never;$`, 'm');
  return text.replace(slot, () => declaration);
}
