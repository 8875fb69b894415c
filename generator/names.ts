/**
 * Turning untrusted spec text into identifiers. Every name in the output that came from the spec
 * passes through here, so a hostile name can only ever become a harmless, valid identifier.
 */

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await async as any unknown never ' +
    'object string number boolean symbol bigint undefined type of arguments eval constructor prototype'
  ).split(' '),
);

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

function safeStart(id: string): string {
  if (id === '') return '_';
  return /^[0-9]/.test(id) ? `_${id}` : id;
}

export function isIdentifier(text: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text) && !RESERVED.has(text);
}

/**
 * Hands out unique identifiers in one namespace. Claims are made in a fixed (sorted) order by the
 * caller, so the same spec always gives the same names.
 */
export class NameRegistry {
  readonly #taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.#taken.add(name);
  }

  /** Claim `wanted` (made valid first), or `wanted2`, `wanted3`, … if it is taken. */
  claim(wanted: string): string {
    const base = isIdentifier(wanted) ? wanted : RESERVED.has(wanted) ? `${wanted}_` : safeStart(wanted.replace(/[^A-Za-z0-9_$]/g, '_'));
    let name = base;
    for (let n = 2; this.#taken.has(name) || !isIdentifier(name); n++) name = `${base}${n}`;
    this.#taken.add(name);
    return name;
  }

  /** Claim a base whose every `base + suffix` is free ('NotesCreate' for …Params, …Result). */
  claimGroup(wanted: string, suffixes: readonly string[]): string {
    const base = isIdentifier(wanted) ? wanted : safeStart(wanted.replace(/[^A-Za-z0-9_$]/g, '_'));
    let name = base;
    for (let n = 2; suffixes.some((s) => this.#taken.has(name + s) || !isIdentifier(name + s)); n++) name = `${base}${n}`;
    for (const s of suffixes) this.#taken.add(name + s);
    return name;
  }

  has(name: string): boolean {
    return this.#taken.has(name);
  }
}
