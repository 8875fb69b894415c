/**
 * runtimeBinary: the runtimes the portability tests run come from a cache when they are there and
 * from npm otherwise, and a runtime that cannot be had is a reason to name, never an exception.
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './generate.js';
import { runtimeBinary } from './portability.js';

const cache = tempDir('mkcg-runtime-cache-');
afterAll(() => rmSync(cache, { recursive: true, force: true }));

/** A stand-in binary in the cache, printing `printed` for --version. */
function cached(entry: string, binary: string, printed: string): string {
  const path = join(cache, entry, binary);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\necho '${printed}'\n`);
  chmodSync(path, 0o755);
  return path;
}

describe.skipIf(process.platform !== 'linux' || process.arch !== 'x64')('runtimeBinary (linux-x64 package names)', () => {
  it('takes a cached binary of the right release line without asking npm', async () => {
    const path = cached('@oven+bun-linux-x64@1', 'package/bin/bun', '1.2.3');
    // npm would not answer with this version: only the cache can.
    expect(await runtimeBinary('bun', 1, cache)).toEqual({ path, version: '1.2.3' });
    const deno = cached('@deno+linux-x64-glibc@2', 'package/deno', 'deno 2.0.9 (stable, release, x86_64-unknown-linux-gnu)');
    expect(await runtimeBinary('deno', 2, cache)).toEqual({ path: deno, version: '2.0.9' });
  });

  it('a runtime npm has no package for is a reason naming the package, not an exception', { timeout: 200_000 }, async () => {
    const result = await runtimeBinary('bun', 999, cache);
    expect(result).toEqual({ reason: expect.stringMatching(/^npm pack @oven\/bun-linux-x64@999 failed: /) });
  });

  it("the host's own Node when it is the line asked for", async () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(await runtimeBinary('node', major, cache)).toEqual({ path: process.execPath, version: process.versions.node });
  });
});
