/**
 * The whole job: load → normalize → emit → format → write (or check). Each step is its own module;
 * this one only wires them and reports progress.
 */
import { loadAssets } from './assets.js';
import { compileJs } from './compile-js.js';
import type { EmitKind } from './emit/package-json.js';
import { originOf } from './emit/origins.js';
import { emitPackage } from './emit/package.js';
import { formatFiles } from './format.js';
import { loadSpec, type LoadOptions, type LoadedSpec } from './load/index.js';
import type { ApiModel } from './model.js';
import { modelFromSpec } from './model-from-spec.js';
import { writeFiles, type WriteResult } from './write.js';

export interface GenerateOptions extends Omit<LoadOptions, 'onProgress'> {
  out: string;
  check?: boolean;
  excludeInternal?: boolean;
  onProgress?: (line: string) => void;
  /** Sees the model as soon as it is built, before emitting and compiling (which may fail): its warnings are the run's. */
  onModel?: (model: ApiModel) => void;
  /** Sees the package after it is built and before anything is written (or checked). */
  beforeWrite?: (built: { loaded: LoadedSpec; model: ApiModel; files: Map<string, string> }) => void;
  emit?: EmitKind;
  packageName?: string | undefined;
  packageVersion?: string | undefined;
}

export interface GenerateResult {
  loaded: LoadedSpec;
  model: ApiModel;
  files: Map<string, string>;
  write: WriteResult;
}

export interface BuildOptions {
  excludeInternal?: boolean;
  /** Called with the model before it is emitted (see GenerateOptions). */
  onModel?: ((model: ApiModel) => void) | undefined;
  /**
   * 'ts' (default): TypeScript sources, with a package.json only when a package name or version is
   * given (sources dropped into an app's own src/ must not get one: a nested package.json changes how
   * TypeScript and Node read them). 'js': ESM JavaScript and declarations, always with a package.json.
   */
  emit?: EmitKind;
  packageName?: string | undefined;
  packageVersion?: string | undefined;
}

/** Spec document → formatted package files, in memory. */
export async function buildPackage(loaded: LoadedSpec, options: BuildOptions = {}): Promise<{ model: ApiModel; files: Map<string, string> }> {
  const assets = loadAssets();
  const model = modelFromSpec(loaded, { excludeInternal: options.excludeInternal });
  options.onModel?.(model);
  const emit = options.emit ?? 'ts';
  const wantsPackageJson = emit === 'js' || options.packageName !== undefined || options.packageVersion !== undefined;
  const packageJson = wantsPackageJson ? { emit, name: options.packageName, version: options.packageVersion } : undefined;
  const files = await formatFiles(emitPackage(model, assets, { packageJson, excludeInternal: options.excludeInternal }));
  return { model, files: emit === 'js' ? compileJs(files, { originOf: originOf(model), warnings: model.warnings }) : files };
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const progress = options.onProgress ?? (() => {});
  const { out, check, excludeInternal, onProgress, onModel, beforeWrite, emit, packageName, packageVersion, ...loadOptions } = options;
  const loaded = await loadSpec({ ...loadOptions, ...(onProgress ? { onProgress } : {}) });
  progress(`normalizing and emitting (${loaded.bytes} bytes of spec)`);
  if (emit === 'js') progress('compiling to JavaScript and declarations');
  const { model, files } = await buildPackage(loaded, { excludeInternal: excludeInternal ?? false, emit: emit ?? 'ts', packageName, packageVersion, onModel });
  beforeWrite?.({ loaded, model, files });
  progress(`${check ? 'checking' : 'writing'} ${files.size} files in ${out}`);
  const write = await writeFiles(out, files, { check: check ?? false });
  return { loaded, model, files, write };
}
