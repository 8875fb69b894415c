// The runtime's public surface, re-exported by every generated package.
export * from './http/errors.js';
export * from './http/client.js';
export * from './http/unlisted.js';
export * from './http/scope.js';
export * from './http/retry.js';
export * from './http/paginate.js';
export * from './validate.js';
export * from './stream/index.js';
export * from './miauth.js';
