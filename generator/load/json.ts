/**
 * JSON parsing with a position on error. Node's own messages differ between versions (20 says
 * "at position N" for some errors and nothing for others; 22 adds line/column), so on failure we
 * re-scan the text ourselves to find where it went wrong and report line and column consistently.
 */
import { SpecLoadError } from './errors.js';

export function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    // `fatal` so that a binary or Latin-1 file is reported instead of silently mangled;
    // the default `ignoreBOM: false` drops a UTF-8 BOM, which some editors add.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SpecLoadError('INVALID_JSON', `${where} is not valid UTF-8 text, so it cannot be JSON`);
  }
}

export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') throw new SpecLoadError('INVALID_JSON', `${where} is empty, expected a JSON document`);
    const found = locateJsonError(text);
    if (!found) {
      // The scanner accepts it, so the engine refused it for another reason (e.g. nesting depth).
      const reason = error instanceof Error ? error.message : String(error);
      throw new SpecLoadError('INVALID_JSON', `${where} is not valid JSON: ${reason}`);
    }
    const { line, column } = lineColumn(text, found.offset);
    throw new SpecLoadError(
      'INVALID_JSON',
      `${where} is not valid JSON: ${found.reason} at line ${line} column ${column}`,
    );
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Finds the first syntax error of a JSON text. Iterative, so hostile nesting cannot overflow the stack. */
export function locateJsonError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  // What the innermost open container expects next.
  const stack: ('{' | '[')[] = [];
  const fail = (reason: string, at = i) => ({ offset: at, reason });
  const describe = (at: number) =>
    at >= text.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(text[at])}`;
  const skip = () => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  const scanString = (): string | undefined => {
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return 'control character in string';
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return 'bad \\u escape in string';
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          return 'bad escape in string';
        }
      } else {
        i++;
      }
    }
    return 'unterminated string';
  };
  const scanKey = (): string | undefined => {
    if (text[i] !== '"')
      return text[i] === undefined ? 'unexpected end of input' : 'expected a double-quoted property name';
    const bad = scanString();
    if (bad) return bad;
    skip();
    if (text[i] !== ':') return `expected ':' after property name`;
    i++;
    return undefined;
  };
  const scanScalar = (): string | undefined => {
    const rest = text.slice(i, i + 5);
    for (const word of ['true', 'false', 'null']) {
      if (rest.startsWith(word)) {
        i += word.length;
        return undefined;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return describe(i);
    i += m[0].length;
    return undefined;
  };

  // Each iteration reads one value, then closes containers / consumes separators until the next value.
  for (;;) {
    skip();
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      skip();
      if (text[i] === (c === '{' ? '}' : ']')) {
        stack.pop();
        i++;
      } else {
        if (c === '{') {
          const bad = scanKey();
          if (bad) return fail(bad);
        }
        continue;
      }
    } else if (c === '"') {
      const bad = scanString();
      if (bad) return fail(bad);
    } else {
      const bad = scanScalar();
      if (bad) return fail(bad);
    }
    // After a value: close containers or find the separator that leads to the next value.
    for (;;) {
      skip();
      const top = stack[stack.length - 1];
      if (top === undefined) {
        return i < text.length ? fail('unexpected content after the JSON value') : undefined;
      }
      const close = top === '{' ? '}' : ']';
      if (text[i] === close) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] !== ',')
        return fail(text[i] === undefined ? 'unexpected end of input' : `expected ',' or '${close}'`);
      i++;
      skip();
      if (top === '{') {
        const bad = scanKey();
        if (bad) return fail(bad);
      }
      break;
    }
  }
}
