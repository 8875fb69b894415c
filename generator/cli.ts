#!/usr/bin/env node
/**
 * The `misskey-codegen` command. Node's compile cache goes on first (./compile-cache.ts), so that on
 * Node 22+ the modules of the command line, imported after it, are read from it rather than compiled again.
 */
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
await import('./command-line.js');
