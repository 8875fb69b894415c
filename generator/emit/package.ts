/**
 * ApiModel → the files of a generated package (path → text), unformatted. Pure: the same model
 * and assets always give the same files. One emitter per file; each reads the model (its options
 * included) and nothing else.
 */
import type { Assets } from '../assets.js';
import type { ApiModel } from '../model/types.js';
import { emitApiFile } from './api-file.js';
import { emitEndpointsFile } from './endpoints-file.js';
import { emitEntitiesFile } from './entities-file.js';
import { header } from './header.js';
import { emitManifest } from './manifest.js';
import { emitModelJson } from './model-json.js';
import { emitPackageJson } from './package-json.js';
import { emitPermissionsFile } from './permissions-file.js';
import { emitSchemasFile } from './schemas-file.js';
import { emitTemplateFile } from './template-file.js';
import { emitValidationFile } from './validation-file.js';

/**
 * Generated TypeScript modules whose names templates import; fixed, so templates can be copied as
 * they are. A package.json whose `exports` list every module (see package-json.ts) for `--emit js`,
 * or when a package name or version is asked for.
 */
export function emitPackage(model: ApiModel, assets: Assets): Map<string, string> {
  const files = new Map<string, string>();
  const noCheck = model.options.emit === 'js' ? '' : NO_CHECK;
  const top = header(model, assets.generatorVersion) + noCheck;
  files.set('schemas.ts', top + emitSchemasFile(model));
  files.set('endpoints.ts', top + emitEndpointsFile(model));
  files.set('api.ts', top + emitApiFile(model));
  files.set('validation.ts', top + emitValidationFile(model));
  files.set('permissions.ts', top + emitPermissionsFile(model));
  if (assets.entities.length) files.set('entities.ts', top + emitEntitiesFile(model, assets.entities));
  for (const [name, text] of assets.templates) files.set(name, top + emitTemplateFile(model, text));
  for (const [name, text] of assets.runtime) files.set(`runtime/${name}`, noCheck + text);
  files.set('manifest.json', emitManifest(model, assets.generatorVersion));
  files.set('model.json', emitModelJson(model));
  if (wantsPackageJson(model)) files.set('package.json', emitPackageJson(model, assets.generatorVersion, [...files.keys()]));
  return files;
}

/**
 * The TypeScript sources' directive, among the first comments of each `.ts` file: a consumer's
 * compiler checks its own code against these types but not the package's code, as it does not check
 * a library's JavaScript. skipLibCheck does not reach `.ts` files, so without the directive every consumer build
 * checked the whole runtime and every endpoint function again (bench section 3). The package itself is
 * checked where it is made: misskey-codegen's tests compile it strict, under tsc 5.9 and 7, without it.
 * `--emit js` has no `.ts` files: its declarations are checked as any library's are.
 */
export const NO_CHECK = '// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.\n';

/** A package.json for JavaScript always; for TypeScript sources only when asked for by name or version (see EmitKind). */
export function wantsPackageJson(model: ApiModel): boolean {
  const { emit, packageName, packageVersion } = model.options;
  return emit === 'js' || packageName !== undefined || packageVersion !== undefined;
}
