// The runtime's public surface, re-exported by every generated package.
export * from './errors.js';
export * from './client.js';
