// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// Streaming, importable on its own (`<package>/runtime/stream`): the connection, its channels, and gap filling.
export * from './connection.js';
export { StreamError, type AnyStreamTypes, type ChannelSpec, type Gap, type IterateOptions, type NoteUpdate, type ParamsArg } from './channels.js';
export type { StreamChannel, StreamErrorKind, StreamEvents, StreamTypeMap, TimelineRule } from './channels.js';
export type { StreamClock } from './liveness.js';
export * from './gap.js';
