/**
 * 4. Bundle size: the apps of bench/apps bundled by esbuild for the browser (minified ESM), in
 * bytes and gzip bytes. Ours is imported from the package root; misskey-js from its root and, for
 * one endpoint, from its deep `api.js` entry.
 */
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ratio } from '../lib/measure.js';
import { fmt } from '../lib/table.js';

const BUNDLES = [
  { id: 'ours-one', file: 'ours-one.ts', label: 'one endpoint — ours (package root)' },
  { id: 'mk-one-root', file: 'misskey-js-one-root.ts', label: 'one endpoint — misskey-js (root)' },
  { id: 'mk-one-deep', file: 'misskey-js-one-deep.ts', label: 'one endpoint — misskey-js (`misskey-js/api.js`)' },
  { id: 'ours-app', file: 'ours-app.ts', label: 'app (3 calls + streaming) — ours' },
  { id: 'mk-app', file: 'misskey-js-app.ts', label: 'app (3 calls + streaming) — misskey-js (root)' },
];

/**
 * Minified browser bundle of `entry`; sizes, and which inputs the bytes come from.
 * @param {string} entry
 * @returns {Promise<{ bytes: number, gzip: number, byInput: [string, number][] }>}
 */
export async function bundleSize(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // Our stream loads `ws` by a computed dynamic import on Node only; a browser bundle never reaches it.
    external: ['ws'],
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  const byInput = Object.entries(inputs)
    .map(([path, v]) => [path.replace(/^.*node_modules\//, '').replace(/^misskey\//, ''), v.bytesInOutput])
    .filter(([, b]) => b > 0)
    .sort((a, b) => b[1] - a[1]);
  return { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length, byInput };
}

export async function bundle({ consumer }) {
  const sizes = {};
  for (const b of BUNDLES) sizes[b.id] = await bundleSize(join(consumer.dir, b.file));
  const rows = BUNDLES.map((b) => [b.label, fmt.bytes(sizes[b.id].bytes), fmt.bytes(sizes[b.id].gzip), fmt.int(sizes[b.id].gzip)]);
  const oneRatio = ratio(sizes['ours-one'].gzip, sizes['mk-one-deep'].gzip);
  const appRatio = ratio(sizes['ours-app'].gzip, sizes['mk-app'].gzip);
  const where = (id) =>
    sizes[id].byInput
      .slice(0, 6)
      .map(([p, n]) => `${p} ${fmt.bytes(n)}`)
      .join(', ');
  return {
    id: 'bundle',
    title: '4. Bundle size (esbuild, minified, browser, ESM; gzip level 9)',
    tables: [
      { columns: ['bundle', 'minified', 'gzip', 'gzip bytes'], rows },
      {
        caption: 'Ratios (gzip):',
        columns: ['comparison', 'ours / peer'],
        rows: [
          ['one endpoint: ours / misskey-js `api.js`', fmt.ratio(oneRatio)],
          ['one endpoint: ours / misskey-js root', fmt.ratio(ratio(sizes['ours-one'].gzip, sizes['mk-one-root'].gzip))],
          ['app: ours / misskey-js root', fmt.ratio(appRatio)],
        ],
      },
    ],
    notes: [
      `Ours (one endpoint) by input, minified bytes: ${where('ours-one')}.`,
      `Ours (app) by input: ${where('ours-app')}.`,
      `misskey-js (app) by input: ${where('mk-app')}.`,
      consumer.stream === 'root' ? 'Streaming imported from the package root.' : 'Streaming imported from deep paths: the package root does not export it.',
    ],
    targets: [
      { name: 'bundle, one endpoint (gzip)', target: '≤ misskey-js `api.js` (1.0×)', value: oneRatio, display: `${fmt.bytes(sizes['ours-one'].gzip)} vs ${fmt.bytes(sizes['mk-one-deep'].gzip)} (${fmt.ratio(oneRatio)})`, met: oneRatio <= 1 },
      { name: 'bundle, app with streaming (gzip)', target: '≤ 0.8× misskey-js', value: appRatio, display: `${fmt.bytes(sizes['ours-app'].gzip)} vs ${fmt.bytes(sizes['mk-app'].gzip)} (${fmt.ratio(appRatio)})`, met: appRatio <= 0.8 },
    ],
    data: sizes,
  };
}
