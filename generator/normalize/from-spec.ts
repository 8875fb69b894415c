/**
 * The one door that builds a model: a loaded spec document → ApiModel, with everything every caller
 * must agree on (the names the package's own code reserves, the server's identity, the options
 * recorded in the model). `generate` stores this model in model.json, `diff` compares models built
 * the same way, `probe` and the benchmark use it too: there is no other way to build one.
 */
import { loadAssets } from '../assets.js';
import type { ApiModel, GenerationOptions } from '../model/types.js';
import { normalize } from './index.js';

/**
 * What the loader hands on, as far as a model needs it (load/index.ts's LoadedSpec). Declared here,
 * not imported: the loader uses a rule of normalize's (misskey-like.ts), so normalize does not
 * depend on the loader in turn.
 */
export interface SpecInput {
  document: Record<string, unknown>;
  /** Hex sha256 of the bytes read. */
  sha256: string;
  source: { kind: 'file' | 'url' | 'embedded'; location: string };
  /** What the server said it runs, when it was asked. */
  server?: { software?: string } | undefined;
}

export function modelFromSpec(loaded: SpecInput, options: Partial<GenerationOptions> = {}): ApiModel {
  return normalize(loaded.document, {
    options,
    specSha256: loaded.sha256,
    software: loaded.server?.software,
    url: loaded.source.kind === 'url' ? loaded.source.location : undefined,
    reservedNames: loadAssets().exports,
  });
}
