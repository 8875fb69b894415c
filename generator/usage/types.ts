/**
 * What an app does with a generated package, as found in its sources by the TypeScript checker: each
 * use with its place, the names it resolves to (a union of literals gives several), or, when the
 * checker only knows `string`, an unresolved use that is reported and never guessed.
 */

/** How the app reaches the API. */
export type UseKind =
  | 'function' // notesCreate(client, …)
  | 'request' // client.request('notes/create', …)
  | 'paginate' // paginate(client, 'notes/timeline', …)
  | 'unlisted' // requestUnlisted(client, 'x', …): an endpoint the spec omits
  | 'channel' // stream.channel('homeTimeline')
  | 'gap-fill' // fillGaps(channel, client, …): re-reads the channel's timeline endpoint over HTTP
  | 'note-capture' // stream.subNote(noteId)
  | 'miauth'; // startMiAuth({ permissions }) and friends

/** `file:line`, the file relative to the project's folder. */
export interface Place {
  file: string;
  line: number;
}

export interface Use {
  kind: UseKind;
  /** The endpoint or channel; for a MiAuth call, the function called. */
  name: string;
  at: Place;
  /** Where the name was written when it reached the call through a wrapper's parameter. */
  via?: Place;
  /** Top-level params the call passes, when the checker sees them (an object literal or a typed object); undefined when unknown. */
  params?: string[];
  /** Of `params`, those whose value may be null as the checker types it (a param made non-nullable breaks only these); undefined when the app is not compiled with strictNullChecks. */
  nullable?: string[];
  /** Top-level result fields the app reads (`const { a } = await …`, `x.a`), when the checker sees every read; undefined when unknown. */
  reads?: string[];
  /** For a MiAuth call: the permissions it asks for. */
  permissions?: string[];
}

export interface Unresolved {
  kind: UseKind;
  at: Place;
  /** The type the checker gives the name (`string`). */
  type: string;
}

export interface AppUsage {
  /** The package's folder, relative to the project's folder. */
  packageDir: string;
  files: number;
  /** Sorted by file, line, kind, name. */
  uses: Use[];
  unresolved: Unresolved[];
}
