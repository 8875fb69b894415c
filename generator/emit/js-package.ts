/**
 * `--emit js`: the TypeScript package (emitPackage) → ESM JavaScript plus declarations, without a
 * compiler. Each file is handled by its kind, from a table:
 * - types only (schemas, endpoints, entities): the TypeScript is already a valid declaration file;
 *   the JavaScript is an empty module, for imports that name it;
 * - values (api, permissions, validation): written directly (js-files.ts);
 * - runtime and templates: compiled when misskey-codegen was built (../output/compiled-assets.ts),
 *   with the header and slots of a template filled as in TypeScript (template-file.ts).
 * Each JavaScript module names its declarations for Deno (withSelfTypes). Every other file
 * (package.json, manifest.json, model.json) passes through.
 */
import type { Assets } from '../assets.js';
import type { ApiModel } from '../model/types.js';
import { header } from './header.js';
import { apiJs, permissionsJs, validationJs, type JsFile } from './js-files.js';
import { emitTemplateFile } from './template-file.js';

const TYPES_ONLY = new Set(['schemas.ts', 'endpoints.ts', 'entities.ts']);
const VALUES: Readonly<Record<string, (model: ApiModel) => JsFile>> = { 'api.ts': apiJs, 'permissions.ts': permissionsJs, 'validation.ts': validationJs };

/** Whether `--emit js` ships this file's emitted text (a types-only module as its declarations, JSON as is): only those need formatting. */
export function keepsText(path: string): boolean {
  return !path.endsWith('.ts') || TYPES_ONLY.has(path);
}

/** Compiled text of the runtime and templates by package path (`runtime/http/client.js`, `client.d.ts`, …). */
export type CompiledAssets = ReadonlyMap<string, string>;

/** `files` from emitPackage (formatted or not) → the same package with each `x.ts` replaced by `x.js` and `x.d.ts`, sorted by path. */
export function emitJsPackage(model: ApiModel, assets: Assets, compiled: CompiledAssets, files: ReadonlyMap<string, string>): Map<string, string> {
  const top = header(model, assets.generatorVersion);
  const out = new Map<string, string>();
  for (const [path, text] of files) {
    if (!path.endsWith('.ts')) {
      out.set(path, text);
      continue;
    }
    const base = path.slice(0, -'.ts'.length);
    const file = jsFile(model, path, text, top, assets, compiled);
    out.set(`${base}.js`, withSelfTypes(file.js, base, top));
    out.set(`${base}.d.ts`, file.dts);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * `// @ts-self-types="./x.d.ts"`, after the header: Deno reads it to type a JavaScript module (so
 * the package type-checks on Deno without flags); every other tool takes it for a comment.
 */
function withSelfTypes(js: string, base: string, top: string): string {
  const pragma = `// @ts-self-types="./${base.slice(base.lastIndexOf('/') + 1)}.d.ts"\n`;
  return js.startsWith(top) ? top + pragma + js.slice(top.length) : pragma + js;
}

function jsFile(model: ApiModel, path: string, text: string, top: string, assets: Assets, compiled: CompiledAssets): JsFile {
  if (TYPES_ONLY.has(path)) return { js: top + 'export {};\n', dts: text };
  const values = VALUES[path];
  if (values) {
    const file = values(model);
    return { js: top + file.js, dts: top + file.dts };
  }
  const base = path.slice(0, -'.ts'.length);
  const js = compiled.get(`${base}.js`);
  const dts = compiled.get(`${base}.d.ts`);
  const template = assets.templates.has(path);
  if (js === undefined || dts === undefined || (!template && !path.startsWith('runtime/'))) {
    // A generated module without a rule here: an emitter was added without its JavaScript.
    throw new Error(`--emit js: no JavaScript for ${path} (generator/emit/js-package.ts has no rule for it)`);
  }
  return template ? { js: top + js, dts: top + emitTemplateFile(model, dts) } : { js, dts };
}
