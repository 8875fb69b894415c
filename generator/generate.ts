/**
 * The whole job: load → normalize → emit → format (→ compile) → write (or check). Each step is its
 * own module; this one only wires them and reports progress.
 */
import { loadAssets } from './assets.js';
import { emitJsPackage, keepsText } from './emit/js-package.js';
import { emitPackage } from './emit/package.js';
import { loadSpec, type LoadOptions, type LoadedSpec } from './load/index.js';
import type { ApiModel, GenerationOptions } from './model/types.js';
import { modelFromSpec } from './normalize/from-spec.js';
import { compiledAssets } from './output/compiled-assets.js';
import { formatFiles } from './output/format.js';
import { writeFiles, type WriteResult } from './output/write.js';

/** Spec document → package, in memory: the options recorded in the model, and two hooks. */
export interface BuildOptions extends Partial<GenerationOptions> {
  /** Sees the model as soon as it is built, before emitting and compiling (which may fail): its warnings are the run's. */
  onModel?: ((model: ApiModel) => void) | undefined;
}

export interface GenerateOptions extends LoadOptions, BuildOptions {
  out: string;
  /** Write nothing; say which files would change. */
  check?: boolean;
  /** Sees the package after it is built and before anything is written (or checked). */
  beforeWrite?: (built: { loaded: LoadedSpec; model: ApiModel; files: Map<string, string> }) => void;
}

export interface GenerateResult {
  loaded: LoadedSpec;
  model: ApiModel;
  files: Map<string, string>;
  write: WriteResult;
}

/** Spec document → formatted package files, in memory. */
export async function buildPackage(loaded: LoadedSpec, options: BuildOptions = {}): Promise<{ model: ApiModel; files: Map<string, string> }> {
  const model = modelFromSpec(loaded, options);
  options.onModel?.(model);
  const assets = loadAssets();
  const emitted = emitPackage(model, assets);
  if (model.options.emit !== 'js') return { model, files: await formatFiles(emitted) };
  // JavaScript is written directly, not compiled (emit/js-package.ts); only the text it keeps is formatted.
  const kept = await formatFiles(new Map([...emitted].filter(([path]) => keepsText(path))));
  const files = new Map([...emitted].map(([path, text]) => [path, kept.get(path) ?? text]));
  return { model, files: emitJsPackage(model, assets, compiledAssets(assets), files) };
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const progress = options.onProgress ?? (() => {});
  // One options object for every step: each reads its own keys.
  const loaded = await loadSpec(options);
  progress(`normalizing and emitting (${loaded.bytes} bytes of spec)`);
  const { model, files } = await buildPackage(loaded, options);
  options.beforeWrite?.({ loaded, model, files });
  progress(`${options.check ? 'checking' : 'writing'} ${files.size} files in ${options.out}`);
  const write = await writeFiles(options.out, files, { check: options.check ?? false });
  return { loaded, model, files, write };
}
