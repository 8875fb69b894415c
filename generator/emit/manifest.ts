/** manifest.json: what a package was generated from and by what, for people and for `--check`/regeneration. */
import type { ApiModel, GenerationOptions } from '../model/types.js';
import { jsonLine } from './safe.js';

export function emitManifest(model: ApiModel, generatorVersion: string): string {
  const options = recordedOptions(model.options);
  const manifest = {
    generator: { name: 'misskey-codegen', version: generatorVersion },
    server: { software: model.source.software, version: model.source.version, ...(model.source.url ? { url: model.source.url } : {}) },
    spec: { sha256: model.source.specSha256, openapi: model.source.openapi, title: model.source.title },
    counts: {
      endpoints: model.endpoints.length,
      schemas: model.schemas.length,
      permissions: model.permissions.length,
      internal: model.endpoints.filter((e) => e.internal).length,
      warnings: model.warnings.length,
    },
    ...(Object.keys(options).length ? { options } : {}),
  };
  // Spec text (the server's version, the title) stays readable as itself: hidden characters are escaped.
  return jsonLine(JSON.stringify(manifest, null, 2)) + '\n';
}

/**
 * The options a package was generated with, as the manifest records them: only those that differ
 * from the defaults, so the default output (committed in many repos) stays as it was. A run with
 * other options is not a no-op (../output/fingerprint.ts compares this block).
 */
export function recordedOptions(options: Partial<GenerationOptions>): Record<string, unknown> {
  return {
    ...(options.excludeInternal ? { internal: false } : {}),
    ...(options.emit === 'js' ? { emit: 'js' } : {}),
    ...(options.packageName !== undefined ? { packageName: options.packageName } : {}),
    ...(options.packageVersion !== undefined ? { packageVersion: options.packageVersion } : {}),
  };
}
