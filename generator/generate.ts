/**
 * The whole job: load → normalize → emit (→ prettier, when asked) (→ JavaScript, for --emit js) → write (or check). Each step is its
 * own module; this one only wires them and reports progress.
 */
import { loadAssets, type Assets } from './assets.js';
import { emitPackage } from './emit/package.js';
import { loadSpec, type LoadOptions, type LoadedSpec } from './load/index.js';
import type { ApiModel, GenerationOptions } from './model/types.js';
import { modelFromSpec } from './normalize/from-spec.js';
import { withFileHashes } from './output/fingerprint.js';
import { formatWithConfig, settleLayout } from './output/format.js';
import { writeFiles, type WriteResult } from './output/write.js';

/** Spec document → package, in memory: the options recorded in the model, and two hooks. */
export interface BuildOptions extends Partial<GenerationOptions> {
  /** Sees the model as soon as it is built, before emitting and compiling (which may fail): its warnings are the run's. */
  onModel?: ((model: ApiModel) => void) | undefined;
  /** `--prettier`: format every TypeScript file with the prettier config found from this folder (the output folder). */
  prettierFrom?: string | undefined;
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

/** Spec document → package files in their final form, in memory. */
export async function buildPackage(loaded: LoadedSpec, options: BuildOptions = {}): Promise<{ model: ApiModel; files: Map<string, string> }> {
  const model = modelFromSpec(loaded, options);
  options.onModel?.(model);
  const assets = loadAssets();
  const settled = await settleLayout(emitPackage(model, assets));
  const files = options.prettierFrom === undefined ? settled : await formatWithConfig(settled, options.prettierFrom);
  // JavaScript is written directly from the emitted text, not compiled (emit/js-package.ts); its modules load only for it.
  const final = model.options.emit === 'js' ? await jsPackage(model, assets, files) : files;
  return { model, files: withFileHashes(final) };
}

async function jsPackage(model: ApiModel, assets: Assets, files: Map<string, string>): Promise<Map<string, string>> {
  const [{ emitJsPackage }, { compiledAssets }] = await Promise.all([import('./emit/js-package.js'), import('./output/compiled-assets.js')]);
  return emitJsPackage(model, assets, compiledAssets(assets), files);
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
