/**
 * The layout of the code emitters write themselves, in its final form: what prettier with its
 * default options (printWidth 80, two spaces, double quotes unless fewer escapes, trailing commas)
 * prints for the few shapes we emit — import lists, unions, function signatures, calls and data
 * literals. Each shape goes on one line when it fits, else it breaks the way prettier breaks it.
 * The test that holds this to prettier: test/package/prettier-oracle.test.ts.
 */

export const PRINT_WIDTH = 80;

/** Characters a terminal shows two columns wide (East Asian wide and fullwidth, emoji), as prettier counts them. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
const COMBINING = /\p{Mark}/u;

/** Columns `text` takes (prettier's getStringWidth: wide characters count 2, combining marks 0). */
export function width(text: string): number {
  // ASCII, by far the common case, is one column a character.
  if (!/[^\x00-\x7f]/.test(text)) return text.length;
  let n = 0;
  for (const char of text) n += COMBINING.test(char) ? 0 : WIDE.test(char) ? 2 : 1;
  return n;
}

export const fits = (line: string): boolean => width(line) <= PRINT_WIDTH;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A key as prettier writes it (`quoteProps: "as-needed"`): bare when it is an identifier; `quoted` is the literal otherwise. */
export function key(name: string, quoted: string): string {
  return IDENTIFIER.test(name) ? name : quoted;
}

/** `import type { A, B } from "./x.js";`, one name a line when it does not fit. */
export function importList(names: readonly string[], from: string, prefix = 'import type'): string {
  const line = `${prefix} { ${names.join(', ')} } from ${from};`;
  return fits(line) ? line + '\n' : `${prefix} {\n${names.map((n) => `  ${n},\n`).join('')}} from ${from};\n`;
}

/** `<head> = A | B;` (head: `export type X`), or the union broken one member a line. */
export function typeAlias(head: string, members: readonly string[]): string {
  const line = `${head} = ${members.join(' | ')};`;
  if (fits(line)) return line;
  if (members.length === 1) return `${head} =\n  ${members[0]};`;
  return `${head} =\n${members.map((m) => `  | ${m}`).join('\n')};`;
}

/** `head(a, b, c)tail` at `indent`, or the arguments one a line with a trailing comma. */
export function call(indent: string, head: string, args: readonly string[], tail: string): string {
  const line = `${indent}${head}(${args.join(', ')})${tail}`;
  if (fits(line)) return line;
  return `${indent}${head}(\n${args.map((a) => `${indent}  ${a},\n`).join('')}${indent})${tail}`;
}

/**
 * A literal of plain data at `indent`, after `lead` (what precedes it on its line) and before
 * `trail`: leaves are code already (`"x"`, `null`, a type name), objects and arrays are laid out.
 * An object or array goes on one line when the whole line fits, else one member a line. `keyOf`
 * writes a key; `separator` is `,` in a value and `;` in a type literal.
 */
export type Data = string | readonly Data[] | { readonly [key: string]: Data };

export interface DataStyle {
  keyOf: (name: string) => string;
  separator: ',' | ';';
}

export function data(value: Data, style: DataStyle, indent: string, lead: string, trail: string): string {
  if (typeof value === 'string') return lead + value + trail;
  if (members(value) <= MAX_LINE_MEMBERS) {
    const flat = flatData(value, style);
    if (fits(indent + lead + flat + trail)) return lead + flat + trail;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) return `${lead}[\n${value.map((v: Data) => inner + data(v, style, inner, '', ',')).join('\n')}\n${indent}]${trail}`;
  const rows = Object.entries(value as { readonly [key: string]: Data }).map(([k, v]) => inner + data(v, style, inner, `${style.keyOf(k)}: `, style.separator));
  return `${lead}{\n${rows.join('\n')}\n${indent}}${trail}`;
}

/**
 * More members than this cannot share one line: each takes at least two columns (`, ` between
 * members, `: ` in an entry). The endpoint tables (hundreds of rows) are not flattened only to be
 * found too long.
 */
const MAX_LINE_MEMBERS = PRINT_WIDTH / 2;

function members(value: readonly Data[] | { readonly [key: string]: Data }): number {
  return Array.isArray(value) ? value.length : Object.keys(value).length;
}

function flatData(value: Data, style: DataStyle): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map((v: Data) => flatData(v, style)).join(', ')}]`;
  const entries = Object.entries(value as { readonly [key: string]: Data });
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${style.keyOf(k)}: ${flatData(v, style)}`).join(style.separator + ' ')} }`;
}

/** Code lines (not comment lines) of printed TypeScript that prettier would lay out differently. */
const NOT_FINAL = /[\\'`]|[^\x00-\x7f]/;

/**
 * Whether code printed by the TypeScript printer (and reindented) is already prettier's: no code
 * line is too long, and no code line holds a quote prettier might swap, an escape or a non-ASCII
 * character. Comment lines are left as they are by prettier, whatever their length.
 */
export function finalLayout(code: string): boolean {
  for (const line of code.split('\n')) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('/**') || trimmed.startsWith('*')) continue;
    if (line.length > PRINT_WIDTH || NOT_FINAL.test(line)) return false;
    // The printer breaks a type literal the way prettier does only as an interface or a property's
    // type (`{` after `: ` or the interface name, closed by `}`, `}[]` or `} | null`); unions,
    // intersections and tuples of broken members prettier lays out its own way.
    if (OPENS.test(trimmed) && !OPENS_AS_PRETTIER.test(line)) return false;
    if (trimmed.startsWith('}') && !CLOSES_AS_PRETTIER.test(trimmed)) return false;
  }
  return true;
}

/** A code line that leaves something open to the next line. */
const OPENS = /[{[(<|&,]$/;
/**
 * `{` opening an interface, a property's type or an alias, maybe after named types joined by `&`
 * (prettier keeps `A & {` on one line when one side is an object), or a member of a union of
 * objects as breakObjectUnions lays it out (`| {`, `) & {`), or the second of two objects joined by `&` (`} & {`); or `key: (` / `= (`, a union in
 * parentheses as breakLongUnions and breakObjectUnions lay it out.
 */
const OPENS_AS_PRETTIER = /^(?:(?:export interface [\w$]+ |(?:export type [\w$]+ =|\s+\S.*:) (?:[\w$.]+ & )*|\s+\| |\s*[)}] & )\{|(?:export type [\w$]+ =|\s+\S.*:) \()$/;
// `} & {`: prettier keeps an intersection of two objects as printed. `}[] | null` is not among them: prettier keeps an object on the union's line (`} | null`), not an array of one.
const CLOSES_AS_PRETTIER = /^\}(?:(?:\[\])+| \| null| & \{)?;?$/;

/**
 * Marks one top-level statement (with its comment) whose layout is left to prettier: the
 * generator formats what is marked, and only that, before writing (../output/format.ts). NUL never
 * appears in emitted text otherwise (./safe.ts escapes every control character).
 */
export const DEFERRED = '\u0000';

export function byPrettier(statement: string): string {
  return DEFERRED + statement + DEFERRED;
}

/** `statement` as it is when its layout is final, else marked for prettier. */
export function settled(statement: string): string {
  return finalLayout(statement) ? statement : byPrettier(statement);
}

/** One member of a union prettier breaks one a line: a string literal without escapes, a name, a number. */
const MEMBER = String.raw`(?:"[^"\\]*"|[A-Za-z_$][\w$.]*(?:\[\])*|-?\d+(?:\.\d+)?)`;
/** `<indent><key>: <union>;` (a property) or `export type X = <union>;` on one line. */
const UNION_LINE = new RegExp(String.raw`^( *)((?:export type [\w$]+ =)|(?:\S.*?\??:)) (${MEMBER}(?: \| ${MEMBER})*);$`);
/** `<indent><key>: (<union>)[];`, a property that is an array of a union. */
const UNION_ARRAY_LINE = new RegExp(String.raw`^( *)(\S.*?\??:) \((${MEMBER}(?: \| ${MEMBER})+)\)\[\];$`);

/**
 * Lines of printed types that are a property or an alias whose type is a union of plain members,
 * too long for one line, broken as prettier breaks them: the union alone on the next line when it
 * fits there, else one member a line after `| `. Other lines are returned as they are.
 */
export function breakLongUnions(code: string): string {
  if (!code.split('\n').some((line) => line.length > PRINT_WIDTH)) return code;
  return code
    .split('\n')
    .map((line) => {
      const trimmed = line.trimStart();
      if (line.length <= PRINT_WIDTH || trimmed.startsWith('*') || trimmed.startsWith('/**')) return line;
      const array = UNION_ARRAY_LINE.exec(line);
      if (array) return unionArray(array[1] ?? '', array[2] ?? '', array[3] ?? '') ?? line;
      const m = UNION_LINE.exec(line);
      if (!m) return line;
      const [, indent = '', head = '', union = ''] = m;
      const inner = indent + '  ';
      const members = union.match(new RegExp(MEMBER, 'g')) ?? [];
      if (members.join(' | ') !== union) return line;
      if (fits(`${inner}${union};`) || members.length === 1) return `${indent}${head}\n${inner}${union};`;
      return `${indent}${head}\n${members.map((member) => `${inner}| ${member}`).join('\n')};`;
    })
    .join('\n');
}

/** Prettier's `(…)[]` around a union too long for its line: the union alone inside when it fits there, else one member a line. */
function unionArray(indent: string, head: string, union: string): string | undefined {
  const members = union.match(new RegExp(MEMBER, 'g')) ?? [];
  if (members.join(' | ') !== union) return undefined;
  const inner = indent + '  ';
  const body = fits(inner + union) ? `${inner}${union}\n` : members.map((member) => `${inner}| ${member}\n`).join('');
  return `${indent}${head} (\n${body}${indent})[];`;
}

/** A property or an alias whose type opens an object, maybe in parentheses: `<indent><head> {` or `<indent><head> ({`. */
const OBJECT_OPENS = /^( *)(export type [\w$]+ =|\S.*?\??:) (\(?)\{$/;
/** After the last object of a union: more members (`} | null | undefined;`). */
const TRAILING_MEMBERS = new RegExp(String.raw`^\}((?:\[\])*)((?: \| ${MEMBER})*);$`);

/**
 * Unions of object types as prettier lays them out. The TypeScript printer writes them
 * `key: {` … `} | {` … `} | null;` (or `}[];`); prettier puts each member on its own line after `| `, an
 * object's body four columns further in and its `}` two:
 *
 *     key:
 *       | {
 *           a: string;
 *         }
 *       | {
 *           b: string;
 *         }
 *       | null;
 *
 * In parentheses (`({` … `}) & {` or `})[];`) the members go between `(` and `)` the same way.
 * A lone object with only `| null` after it prettier keeps as printed (it "hugs" it); `undefined`
 * does not count as null there. Nested unions are found as the scan reaches them, at their new
 * indentation.
 */
export function breakObjectUnions(code: string): string {
  if (!/\} \| \S/.test(code)) return code;
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = OBJECT_OPENS.exec(lines[i] as string);
    if (!m) continue;
    const [, indent = '', head = '', paren = ''] = m;
    const closes: number[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j] as string;
      if (!line.startsWith(indent + '}')) continue;
      closes.push(j);
      if (line !== `${indent}} | {`) break;
    }
    const last = closes.at(-1);
    if (last === undefined) continue;
    const end = (lines[last] as string).slice(indent.length);
    let after: string[];
    let brackets = '';
    if (paren) {
      if (closes.length < 2 || (end !== '}) & {' && end !== '})[];')) continue;
      after = [`${indent})${end.slice(2)}`];
    } else {
      const trailing = TRAILING_MEMBERS.exec(end);
      if (!trailing) continue;
      const members = (trailing[2] ?? '').split(' | ').slice(1);
      brackets = trailing[1] ?? '';
      // One object and nothing after it is no union; one object with only `| null` after it prettier hugs.
      if (closes.length < 2 && (members.length === 0 || (!brackets && members.every((member) => member === 'null')))) continue;
      after = members.map((member) => `${indent}  | ${member}`);
    }
    lines[i] = `${indent}${head}${paren ? ' (' : ''}\n${indent}  | {`;
    for (let j = i + 1; j < last; j++) {
      const line = lines[j] as string;
      if (closes.includes(j)) lines[j] = `${indent}    }\n${indent}  | {`;
      else lines[j] = line === '' ? line : '    ' + line;
    }
    const closing = [`${indent}    }${brackets}`, ...after];
    lines[last] = closing.join('\n') + (paren ? '' : ';');
  }
  return lines.join('\n');
}

/** A tuple of plain members the TypeScript printer writes one a line. */
const TUPLE = new RegExp(String.raw`\[\n *(${MEMBER}(?:,\n *${MEMBER})*)\n *\]`, 'g');

/** Tuples of plain members on one line, as prettier prints them when the line fits (else the statement is left to prettier). */
export function joinTuples(code: string): string {
  if (!code.includes('[\n')) return code;
  return code.replace(TUPLE, (_, members: string) => `[${members.split(/,\n */).join(', ')}]`);
}

/** A printed type statement in prettier's layout: tuples joined, object and long unions broken; anything else left to prettier. */
export function laidOut(statement: string): string {
  return settled(breakLongUnions(breakObjectUnions(joinTuples(statement))));
}
