/**
 * The whole job: load → normalize → emit → format → write (or check). Each step is its own module;
 * this one only wires them and reports progress.
 */
import { exportedNames, loadAssets } from './assets.js';
import { parseChannelMeta } from './emit/channels-meta.js';
import { emitPackage } from './emit/package.js';
import { formatFiles } from './format.js';
import { loadSpec, type LoadOptions, type LoadedSpec } from './load/index.js';
import type { ApiModel } from './model.js';
import { normalize } from './normalize/index.js';
import { writeFiles, type WriteResult } from './write.js';

export interface GenerateOptions extends Omit<LoadOptions, 'onProgress'> {
  out: string;
  check?: boolean;
  excludeInternal?: boolean;
  onProgress?: (line: string) => void;
}

export interface GenerateResult {
  loaded: LoadedSpec;
  model: ApiModel;
  files: Map<string, string>;
  write: WriteResult;
}

/** Spec document → formatted package files, in memory. */
export async function buildPackage(loaded: LoadedSpec, options: { excludeInternal?: boolean } = {}): Promise<{ model: ApiModel; files: Map<string, string> }> {
  const assets = loadAssets();
  const model = normalize(loaded.document, {
    specSha256: loaded.sha256,
    software: loaded.server?.software,
    url: loaded.source.kind === 'url' ? loaded.source.location : undefined,
    reservedNames: exportedNames([...assets.runtime.values(), ...assets.templates.values()]),
    excludeInternal: options.excludeInternal ?? false,
    extraPermissions: [...parseChannelMeta(assets.templates.get('channels.json')).values()].flatMap((c) => (c.permission ? [c.permission] : [])),
  });
  const files = await formatFiles(emitPackage(model, assets));
  return { model, files };
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const progress = options.onProgress ?? (() => {});
  const { out, check, excludeInternal, onProgress, ...loadOptions } = options;
  const loaded = await loadSpec({ ...loadOptions, ...(onProgress ? { onProgress } : {}) });
  progress(`normalizing and emitting (${loaded.bytes} bytes of spec)`);
  const { model, files } = await buildPackage(loaded, { excludeInternal: excludeInternal ?? false });
  progress(`${check ? 'checking' : 'writing'} ${files.size} files in ${out}`);
  const write = await writeFiles(out, files, { check: check ?? false });
  return { loaded, model, files, write };
}
