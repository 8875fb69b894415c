// The runtime's public surface, re-exported by every generated package.
export * from './errors.js';
export * from './client.js';
export * from './scope.js';
export * from './retry.js';
export * from './paginate.js';
export * from './validate.js';
export * from './stream.js';
export * from './stream-gap.js';
export * from './miauth.js';
