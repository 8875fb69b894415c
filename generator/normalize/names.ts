/**
 * Names in generated code: the one table of names a spec may not have, and turning untrusted spec
 * text into identifiers. Every name in the output that came from the spec passes through here, so a
 * hostile name can only ever become a harmless, valid identifier that shadows nothing.
 *
 * The table holds every name a generated module that also holds spec names (schemas.ts, endpoints.ts,
 * api.ts, permissions.ts, validation.ts, index.ts through its `export *`) declares, imports, or takes
 * from TypeScript's global scope, plus what the runtime and templates export. A spec name that is in
 * it is renamed, with a warning. Tests check the table against what the emitted modules really use.
 */

/** Words that cannot be an identifier, or would read as a type keyword or a special binding. */
const KEYWORDS = (
  'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
  'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
  'yield let static implements interface package private protected public await async as any unknown never ' +
  'object string number boolean symbol bigint undefined type of arguments eval constructor prototype'
).split(' ');

/**
 * TypeScript globals the spec-facing modules refer to: what openapi-typescript's types use (`Record`,
 * `Omit`, `Extract`, `Readonly`, `ReadonlyArray`), our binary type (`Blob`), api.ts (`Promise`),
 * validation.ts (`JSON`), and the everyday types an emitter is likely to reach for next (`Partial`,
 * `Array`, `Date`, `File`…). Not every global: a spec's `Error` or `Notification` shadows nothing
 * the package uses, and renaming it would break its users for nothing.
 */
const GLOBALS = [
  'Array', 'ArrayBuffer', 'Awaited', 'Blob', 'Date', 'Exclude', 'Extract', 'File', 'FormData', 'JSON', 'Map', 'NonNullable',
  'Object', 'Omit', 'Partial', 'Pick', 'Promise', 'PromiseLike', 'Readonly', 'ReadonlyArray', 'Record', 'Required', 'Set',
  'String', 'Number', 'Boolean', 'Symbol', 'Function', 'globalThis',
];

/** Names the emitters declare, import or alias in the modules that hold spec names. */
const EMITTED = [
  'CallOptions', 'EndpointMeta', 'EndpointName', 'Endpoints', 'FullAccessOnly', 'Permission', 'T', 'Transport',
  'ValidationSchemas', 'WithRequired', 'channelMeta', 'endpointMeta', 'permissions', 'resultSchemas',
];

/**
 * Export names that change what a module is: a module exporting `then` is taken for a promise by
 * `await import(…)`, and `__esModule` steers CommonJS interop in bundlers.
 */
const MODULE_HAZARDS = ['then', '__esModule'];

const WHY = {
  keyword: 'a reserved word',
  global: 'a TypeScript global the package uses',
  emitted: 'a name the package declares',
  hazard: 'an export name that changes how the module is loaded',
  package: 'exported by the package runtime',
} as const;

/**
 * The table: each name a spec item may not take, with why. `packageExports` are the names the
 * runtime and templates export (`Assets.exports`, ../assets.ts).
 */
export function reservedNames(packageExports: Iterable<string> = []): Map<string, string> {
  const table = new Map<string, string>();
  for (const name of packageExports) table.set(name, WHY.package);
  for (const name of MODULE_HAZARDS) table.set(name, WHY.hazard);
  for (const name of EMITTED) table.set(name, WHY.emitted);
  for (const name of GLOBALS) table.set(name, WHY.global);
  for (const name of KEYWORDS) table.set(name, WHY.keyword);
  return table;
}

/** The names in the table that are not the runtime's or templates' (for tests). */
export const STATIC_RESERVED: readonly string[] = [...KEYWORDS, ...GLOBALS, ...EMITTED, ...MODULE_HAZARDS];

/** Split text into alphanumeric words ('admin/abuse-report' → ['admin', 'abuse', 'report']). */
function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
}

function upperFirst(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** 'notes/create' → 'notesCreate'; never empty, never starts with a digit. */
export function camelCase(text: string): string {
  const [first = '', ...rest] = words(text);
  const joined = first.charAt(0).toLowerCase() + first.slice(1) + rest.map(upperFirst).join('');
  return safeStart(joined);
}

/** 'notes/create' → 'NotesCreate'. */
export function pascalCase(text: string): string {
  return safeStart(words(text).map(upperFirst).join(''));
}

/** A schema's own spelling when it is already an identifier ('MeDetailed'), else PascalCased ('Ba/se' → 'BaSe'). */
export function typeNameFor(schemaName: string): string {
  return isPlainIdentifier(schemaName) ? schemaName : pascalCase(schemaName);
}

function safeStart(id: string): string {
  if (id === '') return '_';
  return /^[0-9]/.test(id) ? `_${id}` : id;
}

function isPlainIdentifier(text: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text);
}

const KEYWORD_SET = new Set(KEYWORDS);

/**
 * How odd a spelling of an endpoint name is, as a sort key: 0 for Misskey's own spelling (lowercase
 * words, `/` between segments: `notes/create`), more for each hyphen (`notes-create`), more still for
 * each capital or other character (`NotesCreate`, `notes.create`, `notes/Create`). Names are claimed
 * in this order, so the canonical spelling keeps the plain identifier and the odd ones get the
 * suffixes, whatever order the spec lists them in.
 */
export function endpointSpellingRank(name: string): number {
  let rank = 0;
  for (const c of name) rank += /[a-z0-9/]/.test(c) ? 0 : c === '-' ? 1 : 1000;
  return rank;
}

/** The same for a schema name: 0 when it is an identifier already (it keeps its spelling), else one per character that had to go. */
export function schemaSpellingRank(name: string): number {
  return isPlainIdentifier(name) ? 0 : 1 + name.replace(/[A-Za-z0-9]/g, '').length;
}

/** Sorts claims so the least odd spelling comes first; equal ranks by name (code units), so the order never depends on the spec's. */
export function byRank<T>(items: readonly T[], name: (item: T) => string, rank: (name: string) => number): T[] {
  const keyed = items.map((item) => ({ item, name: name(item), rank: rank(name(item)) }));
  keyed.sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return keyed.map((k) => k.item);
}

export interface Claimed {
  name: string;
  /** Why the wanted name could not be had (its owner or a reason from the table); absent when it was free. */
  clash?: string;
  /** The identifier that was wanted (after making the text valid). */
  wanted: string;
}

/**
 * Hands out unique identifiers in one namespace. Claims are made in a fixed order by the caller
 * (see `byRank`), so the same spec always gives the same names.
 */
export class NameRegistry {
  /** Name → who has it: a reason from the table or the spec item that claimed it. */
  readonly #taken: Map<string, string>;

  constructor(reserved: ReadonlyMap<string, string> | Iterable<string> = reservedNames()) {
    this.#taken = new Map(reserved instanceof Map ? reserved : [...(reserved as Iterable<string>)].map((n) => [n, WHY.package]));
    for (const name of KEYWORDS) if (!this.#taken.has(name)) this.#taken.set(name, WHY.keyword);
  }

  /** Claim `wanted` (made valid first), or `wanted_` for a reserved word, or `wanted2`, `wanted3`, … if it is taken. */
  claim(wanted: string, owner = ''): Claimed {
    const plain = validIdentifier(wanted);
    const clash = this.#taken.get(plain);
    const base = KEYWORD_SET.has(plain) ? `${plain}_` : plain;
    let name = base;
    for (let n = 2; this.#taken.has(name); n++) name = `${base}${n}`;
    this.#taken.set(name, owner);
    return clash === undefined ? { name, wanted: plain } : { name, wanted: plain, clash };
  }

  /** Claim a base whose every `base + suffix` is free ('NotesCreate' for …Params, …Result). */
  claimGroup(wanted: string, suffixes: readonly string[], owner = ''): Claimed {
    const plain = validIdentifier(wanted);
    const clash = suffixes.map((s) => this.#taken.get(plain + s)).find((c) => c !== undefined);
    let name = plain;
    for (let n = 2; suffixes.some((s) => this.#taken.has(name + s)); n++) name = `${plain}${n}`;
    for (const s of suffixes) this.#taken.set(name + s, owner);
    return clash === undefined ? { name, wanted: plain } : { name, wanted: plain, clash };
  }

  has(name: string): boolean {
    return this.#taken.has(name);
  }
}

function validIdentifier(text: string): string {
  return isPlainIdentifier(text) ? text : safeStart(text.replace(/[^A-Za-z0-9_$]/g, '_'));
}
