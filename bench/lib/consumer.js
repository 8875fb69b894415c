/**
 * A consumer project for the type-check and bundle measurements: our generated package copied to
 * `./misskey` (as `generate --out src/misskey` leaves it in a real app), optionally the same package
 * generated with `--emit js` installed as `node_modules/<name>` (JavaScript + .d.ts, like misskey-js),
 * the app sources from bench/apps, and misskey-js resolved from the repository's node_modules.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { APPS, WORK } from './paths.js';

/**
 * Names a TypeScript module exports, following `export * from './x.js'` through the package. A
 * regex reading, good enough for generated code and the runtime: it only decides import paths.
 */
export function exportedNames(file, seen = new Set()) {
  if (seen.has(file) || !existsSync(file)) return new Set();
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const names = new Set();
  for (const m of text.matchAll(/^export\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:class|function\*?|const|let|var|type|interface)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  for (const m of text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)) {
    for (const item of m[1].split(',')) {
      const name = item.trim().split(/\s+as\s+/).pop()?.replace(/^type\s+/, '').trim();
      if (name) names.add(name);
    }
  }
  for (const m of text.matchAll(/^export\s+\*\s+from\s+'(\.[^']+)\.js'/gm)) {
    const base = join(dirname(file), m[1]);
    for (const name of exportedNames(existsSync(`${base}.ts`) ? `${base}.ts` : `${base}.d.ts`, seen)) names.add(name);
  }
  return names;
}

/**
 * How the app reaches the streaming client: from the package root when it exports `Stream` and
 * `StreamTypes`, else from the modules that define them (the root did not export streaming when
 * this bench was written; the report says which was used).
 */
export function streamImport(pkgDir) {
  const index = existsSync(join(pkgDir, 'index.ts')) ? 'index.ts' : 'index.d.ts';
  const root = exportedNames(join(pkgDir, index));
  if (root.has('Stream') && root.has('StreamTypes')) return { from: 'root', line: "import { Stream, type StreamTypes } from './misskey/index.js';" };
  return {
    from: 'deep',
    line: "import { Stream } from './misskey/runtime/stream/index.js';\nimport type { StreamTypes } from './misskey/channels.js';",
  };
}

/**
 * Reads an app from bench/apps with its streaming import fitted to the package; with `asPackage`,
 * imports the installed package by name instead of the source folder (`misskey-api`,
 * `misskey-api/runtime/stream`, as its package.json exports them).
 */
export function appSource(name, pkgDir, asPackage) {
  let text = readFileSync(join(APPS, name), 'utf8').replace(/^.*\/\/ @stream-import$/m, streamImport(pkgDir).line);
  if (asPackage) text = text.replace(/'\.\/misskey\/index\.js'/g, `'${asPackage}'`).replace(/'\.\/misskey\/([^']+)\.js'/g, `'${asPackage}/$1'`);
  return text;
}

export const APP_FILES = ['empty.ts', 'ours-app.ts', 'misskey-js-app.ts', 'ours-one.ts', 'misskey-js-one-root.ts', 'misskey-js-one-deep.ts'];

/**
 * Fresh consumer folder `name` under the work folder, holding a copy of the package at `pkgDir`,
 * every app, and, given `jsPkgDir` (a `--emit js` package), that package installed and
 * `ours-pkg-app.ts`: ours-app.ts importing it by name.
 */
export function makeConsumer(name, pkgDir, jsPkgDir) {
  const dir = join(WORK, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(pkgDir, join(dir, 'misskey'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-consumer', private: true, type: 'module' }) + '\n');
  for (const app of APP_FILES) writeFileSync(join(dir, app), appSource(app, pkgDir));
  let jsPackage;
  if (jsPkgDir) {
    const { name: pkgName } = JSON.parse(readFileSync(join(jsPkgDir, 'package.json'), 'utf8'));
    cpSync(jsPkgDir, join(dir, 'node_modules', pkgName), { recursive: true });
    writeFileSync(join(dir, 'ours-pkg-app.ts'), appSource('ours-app.ts', jsPkgDir, pkgName));
    writeFileSync(join(dir, 'ours-pkg-one.ts'), appSource('ours-one.ts', jsPkgDir, pkgName));
    jsPackage = pkgName;
  }
  return { dir, stream: streamImport(pkgDir).from, jsPackage };
}
