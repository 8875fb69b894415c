/**
 * ApiModel → the files of a generated package (path → text), unformatted. Pure: the same model
 * and assets always give the same files.
 */
import type { Assets } from '../assets.js';
import type { ApiModel } from '../model.js';
import { emitApiFile } from './api-file.js';
import { serverChannels, withAbsentChannels } from './channels-meta.js';
import { emitEndpointsFile } from './endpoints-file.js';
import { emitEntitiesFile, entityNames } from './entities-file.js';
import { header } from './header.js';
import { jsonLine } from './safe.js';
import { emitManifest } from './manifest.js';
import { emitPackageJson, type PackageJsonOptions } from './package-json.js';
import { emitPermissionsFile } from './permissions-file.js';
import { emitSchemasFile } from './schemas-file.js';
import { emitValidationFile } from './validation-file.js';

/**
 * Generated TypeScript modules whose names templates import; fixed, so templates can be copied verbatim.
 * With `packageJson`, also a package.json whose `exports` list every module (see package-json.ts).
 */
export function emitPackage(
  model: ApiModel,
  assets: Assets,
  options: { packageJson?: PackageJsonOptions | undefined; excludeInternal?: boolean | undefined } = {},
): Map<string, string> {
  const files = new Map<string, string>();
  const top = header(model, assets.generatorVersion);
  files.set('schemas.ts', top + emitSchemasFile(model));
  files.set('endpoints.ts', top + emitEndpointsFile(model));
  files.set('api.ts', top + emitApiFile(model));
  files.set('validation.ts', top + emitValidationFile(model));
  const channels = serverChannels(assets.templates.get('channels.json'), model.schemas.map((s) => s.name));
  files.set('permissions.ts', top + emitPermissionsFile(model, channels.present));
  const entities = entityNames(assets.templates.values());
  if (entities.length) files.set('entities.ts', top + emitEntitiesFile(model, entities));
  for (const [name, text] of assets.templates) if (name.endsWith('.ts')) files.set(name, top + withAbsentChannels(text, channels.absent));
  for (const [name, text] of assets.runtime) files.set(`runtime/${name}`, text);
  files.set('manifest.json', emitManifest(model, assets.generatorVersion, { excludeInternal: options.excludeInternal }));
  files.set('model.json', jsonLine(JSON.stringify(model)) + '\n');
  if (options.packageJson) files.set('package.json', emitPackageJson(model, assets.generatorVersion, [...files.keys()], options.packageJson));
  return files;
}
