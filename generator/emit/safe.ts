/**
 * The one escaping module: every string that comes from a spec reaches generated code or a terminal
 * through here, in the form its context needs — a string literal, a property key, a comment, code
 * printed by the TypeScript printer, a terminal line, a JSON line. Identifiers come from ../names.ts.
 *
 * Besides quotes and comment ends, it escapes the characters a reader cannot see or that make text
 * read differently than it runs ("Trojan Source", CVE-2021-42574): control characters (ESC starts
 * terminal sequences), bidirectional overrides and isolates (U+202A–202E, U+2066–2069), line and
 * paragraph separators (U+2028/2029), the BOM (U+FEFF), zero-width and other default-ignorable
 * characters, and lone surrogates. Each becomes a visible `\uXXXX`, which is also its meaning inside
 * a string literal or an identifier.
 */

/** Characters never written raw (see above). `\n` and `\t` are matched too; contexts that lay out text keep them. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;
/**
 * The same set without `\n` and `\t` (Cc is U+0000–001F and U+007F–009F), for contexts that keep
 * layout: printed code and JSON are mostly line breaks as far as HIDDEN is concerned, and would
 * otherwise be rewritten one line break at a time.
 */
const HIDDEN_BUT_LAYOUT = /[\0-\x08\x0b-\x1f\x7f-\x9f\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;
/**
 * Runs of characters other than printable ASCII (and, for layout, `\n` and `\t`): the only places
 * the sets above can match. Testing those sets is slow per character; finding these runs is not, and
 * generated text (model.json, 0.9 MB) is almost all printable ASCII. UTF-16 units, no `u`: both
 * halves of a surrogate pair fall in the same run.
 */
const NOT_PLAIN = /[^\x20-\x7e]+/g;
const NOT_PLAIN_BUT_LAYOUT = /[^\x20-\x7e\n\t]+/g;

/** `\u202e`, or `\u{e0041}` beyond the BMP: valid in a JavaScript string literal and identifier, and readable elsewhere. */
function codeEscape(char: string): string {
  const code = char.codePointAt(0) as number;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `\udb40\udc41` for a character beyond the BMP: JSON has no `\u{…}`. */
function jsonEscape(char: string): string {
  let out = '';
  for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

function escapeHidden(text: string, keepLayout: boolean, escape: (char: string) => string): string {
  const hidden = keepLayout ? HIDDEN_BUT_LAYOUT : HIDDEN;
  return text.replace(keepLayout ? NOT_PLAIN_BUT_LAYOUT : NOT_PLAIN, (run) => run.replace(hidden, escape));
}

/**
 * A TypeScript string literal for any text, quoted as prettier quotes it: double quotes, unless the
 * text holds more double quotes than single ones (fewer escapes).
 */
export function literal(text: string): string {
  // JSON escapes quotes, backslashes, C0 controls and lone surrogates; the rest of the hidden set follows.
  const double = escapeHidden(JSON.stringify(text), false, codeEscape);
  if (count(text, '"') <= count(text, "'")) return double;
  // Every `"` of the text is `\"` in JSON (a backslash of the text is `\\`, so the pair is unambiguous).
  return `'${double.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** A property key in a type: bare when it is a plain identifier, else quoted. */
export function propertyKey(text: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text) ? text : literal(text);
}

/**
 * A property key in an object literal (a value): bare when it is a plain identifier (as prettier
 * writes it), else quoted. `__proto__: x` (quoted or not) there sets the object's prototype instead
 * of making a property, so that one key is computed (`["__proto__"]`), which makes an own property like any other.
 */
export function objectKey(text: string): string {
  return text === '__proto__' ? `[${literal(text)}]` : propertyKey(text);
}

/**
 * Code from the TypeScript printer (types built by openapi-typescript): its comments and string
 * literals hold spec text it does not escape for us. Any hidden character left becomes `\uXXXX`,
 * which means the same inside a literal or identifier and is visible inside a comment. Line breaks
 * and tabs are the printer's layout and stay.
 */
export function sealCode(code: string): string {
  return escapeHidden(code, true, codeEscape);
}

/**
 * Text made safe to sit inside a `/** … *\/` block: it cannot close the comment, and each line is
 * prefixed so the block stays well formed. Line breaks of any kind become `\n`; other hidden
 * characters are shown escaped.
 */
export function commentText(text: string): string {
  const lines = text.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n');
  return escapeHidden(lines, true, codeEscape).replace(/\*\//g, '*\\/').trim();
}

/** A JSDoc block from lines of untrusted text (empty lines kept as paragraph breaks). */
export function jsDoc(lines: string[], indent = ''): string {
  const body = lines
    .flatMap((line) => commentText(line).split('\n'))
    .map((line) => (line === '' ? `${indent} *` : `${indent} * ${line}`));
  if (body.length === 0) return '';
  return `${indent}/**\n${body.join('\n')}\n${indent} */\n`;
}

/** Spec text inside one line printed to a terminal: nothing in it can end the line, move the cursor, recolour or reorder it. */
export function terminalLine(text: string): string {
  return escapeHidden(text, false, codeEscape);
}

/** Lines for a terminal, each made safe as by `terminalLine`; the breaks between them are kept. */
export function terminalLines(text: string): string {
  return text.split('\n').map(terminalLine).join('\n');
}

/**
 * JSON text (already serialized, on one line or indented) with hidden characters escaped the JSON
 * way: the same value, safe to print. JSON escapes line breaks inside strings, so those left are layout.
 */
export function jsonLine(json: string): string {
  return escapeHidden(json, true, jsonEscape);
}
