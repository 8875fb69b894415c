/**
 * `usage`'s analysis: the app's project and the generated package it imports → every use of the API,
 * what they need of a token, and (compat.ts) how they fare on other servers. Reads the package's
 * model.json, never a spec.
 */
import { relative } from 'node:path';
import { readModelFile } from '../model/model-file.js';
import type { ApiModel } from '../model/types.js';
import { findUses } from './find.js';
import { appNeeds, type AppNeeds } from './needs.js';
import { appFiles, choosePackage, openProject } from './project.js';
import type { AppUsage } from './types.js';

export type { AppUsage, Place, Unresolved, Use, UseKind } from './types.js';
export { APPROVAL_PAGE_DROPS, appNeeds, needOf, type AppNeeds } from './needs.js';

export interface AppAnalysis {
  usage: AppUsage;
  needs: AppNeeds;
  /** The package's model. */
  model: ApiModel;
  /** Absolute folders, for the command's own use (--write). */
  root: string;
  packageDir: string;
}

export async function analyzeApp(options: { project: string; package?: string | undefined }): Promise<AppAnalysis> {
  const project = openProject(options.project);
  const packageDir = choosePackage(project, options.package);
  const model = await readModelFile(`${packageDir}/model.json`);
  const functions = new Map(model.endpoints.map((e) => [e.identifier, e.name]));
  const usage = findUses(project, { packageDir, functions, files: appFiles(project, packageDir) });
  usage.packageDir = relative(project.root, packageDir).split('\\').join('/') || '.';
  return { usage, needs: appNeeds(usage.uses, model), model, root: project.root, packageDir };
}
