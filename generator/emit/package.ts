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
  const top = header(model, assets.generatorVersion);
  files.set('schemas.ts', top + emitSchemasFile(model));
  files.set('endpoints.ts', top + emitEndpointsFile(model));
  files.set('api.ts', top + emitApiFile(model));
  files.set('validation.ts', top + emitValidationFile(model));
  files.set('permissions.ts', top + emitPermissionsFile(model));
  if (assets.entities.length) files.set('entities.ts', top + emitEntitiesFile(model, assets.entities));
  for (const [name, text] of assets.templates) files.set(name, top + emitTemplateFile(model, text));
  for (const [name, text] of assets.runtime) files.set(`runtime/${name}`, text);
  files.set('manifest.json', emitManifest(model, assets.generatorVersion));
  files.set('model.json', emitModelJson(model));
  if (wantsPackageJson(model)) files.set('package.json', emitPackageJson(model, assets.generatorVersion, [...files.keys()]));
  return files;
}

/** A package.json for JavaScript always; for TypeScript sources only when asked for by name or version (see EmitKind). */
export function wantsPackageJson(model: ApiModel): boolean {
  const { emit, packageName, packageVersion } = model.options;
  return emit === 'js' || packageName !== undefined || packageVersion !== undefined;
}
