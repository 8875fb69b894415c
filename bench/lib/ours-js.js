/**
 * Our generated package as one JavaScript module for Node, for the runtime measurements (requests,
 * streaming): esbuild bundles the consumer's copy of the package, unminified. Streaming is taken
 * from the package root when exported there, else from runtime/stream.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export async function buildOursForNode(consumer, outfile) {
  const entry = join(consumer.dir, 'node-entry.ts');
  writeFileSync(entry, "export * from './misskey/index.js';\nexport { Stream } from './misskey/runtime/stream/index.js';\n");
  await build({ entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', external: ['ws'], logLevel: 'silent' });
  return outfile;
}
