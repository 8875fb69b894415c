/**
 * The only way spec text enters generated code: as a string literal or inside a comment.
 * Identifiers come from ../names.ts.
 */

/** A double-quoted TypeScript string literal for any text (JSON escaping also covers U+2028/2029 and lone surrogates). */
export function literal(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A property key: bare when it is a plain identifier, else quoted. */
export function propertyKey(text: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text) ? text : literal(text);
}

/**
 * Text made safe to sit inside a `/** … *\/` block: it cannot close the comment, and each line is
 * prefixed so the block stays well formed. Control characters (other than newlines) are dropped.
 */
export function commentText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\*\//g, '*\\/')
    .trim();
}

/** A JSDoc block from lines of untrusted text (empty lines kept as paragraph breaks). */
export function jsDoc(lines: string[], indent = ''): string {
  const body = lines
    .flatMap((line) => commentText(line).split('\n'))
    .map((line) => (line === '' ? `${indent} *` : `${indent} * ${line}`));
  if (body.length === 0) return '';
  return `${indent}/**\n${body.join('\n')}\n${indent} */\n`;
}
