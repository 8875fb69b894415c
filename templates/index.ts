// The package's public surface. Everything here is side-effect free, so a bundler keeps only what an app uses.
export * from './schemas.js';
export * from './endpoints.js';
export * from './api.js';
export * from './permissions.js';
export * from './client.js';
export * from './channels.js';
export * from './miauth.js';
export * from './runtime/index.js';
