/**
 * Spec document → ApiModel, with the options every caller must agree on: `generate` stores this model
 * in model.json and `diff` compares models built the same way, so there is one place that builds it.
 */
import { loadAssets } from './assets.js';
import { channelPermissions } from './emit/channels-meta.js';
import type { LoadedSpec } from './load/index.js';
import type { ApiModel } from './model.js';
import { exportedNames } from './names.js';
import { normalize } from './normalize/index.js';

export function modelFromSpec(loaded: LoadedSpec, options: { excludeInternal?: boolean | undefined } = {}): ApiModel {
  const assets = loadAssets();
  return normalize(loaded.document, {
    specSha256: loaded.sha256,
    software: loaded.server?.software,
    url: loaded.source.kind === 'url' ? loaded.source.location : undefined,
    reservedNames: exportedNames([...assets.runtime.values(), ...assets.templates.values()]),
    excludeInternal: options.excludeInternal ?? false,
    extraPermissions: channelPermissions(assets.templates.get('channels.json'), loaded.document),
  });
}
