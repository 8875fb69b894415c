/**
 * The one door that builds a model: a loaded spec document → ApiModel, with everything every caller
 * must agree on (the names the package's own code reserves, the server's identity, the options
 * recorded in the model). `generate` stores this model in model.json, `diff` compares models built
 * the same way, `probe` and the benchmark use it too: there is no other way to build one.
 */
import { loadAssets } from '../assets.js';
import type { LoadedSpec } from '../load/index.js';
import type { ApiModel, GenerationOptions } from '../model/types.js';
import { normalize } from './index.js';

export function modelFromSpec(loaded: LoadedSpec, options: Partial<GenerationOptions> = {}): ApiModel {
  return normalize(loaded.document, {
    options,
    specSha256: loaded.sha256,
    software: loaded.server?.software,
    url: loaded.source.kind === 'url' ? loaded.source.location : undefined,
    reservedNames: loadAssets().exports,
  });
}
