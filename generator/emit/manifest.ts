/** manifest.json: what a package was generated from and by what, for people and for `--check`/regeneration. */
import type { ApiModel } from '../model/types.js';
import { jsonLine } from './safe.js';

export function emitManifest(model: ApiModel, generatorVersion: string): string {
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
    // Only options that differ from the defaults: the default output (committed in many repos) stays as it was.
    ...(model.options.excludeInternal ? { options: { internal: false } } : {}),
  };
  // Spec text (the server's version, the title) stays readable as itself: hidden characters are escaped.
  return jsonLine(JSON.stringify(manifest, null, 2)) + '\n';
}
