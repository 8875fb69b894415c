/**
 * generator/emit/safe.ts: the one escaping module. Each context gets text that means exactly the
 * spec's text and hides nothing: no character that is invisible, reorders text or ends a line.
 */
import { describe, expect, it } from 'vitest';
import { commentText, jsDoc, jsonLine, literal, objectKey, propertyKey, sealCode, terminalLine, terminalLines } from '../../../generator/emit/safe.js';

/** Trojan Source and terminal tricks: bidi overrides and isolates, separators, BOM, zero-width, NUL, ESC, C1, soft hyphen, a tag character, a lone surrogate. */
const TRICKS = ['\u202e', '\u202a', '\u2066', '\u2069', '\u200f', '\u061c', '\u2028', '\u2029', '\ufeff', '\u200b', '\u200d', '\u0000', '\u001b', '\u0085', '\u009b', '\u00ad', '\u{e0041}', '\ud800', '\r', '\u007f', '\u3164'];
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

describe('literal', () => {
  it('escapes every hidden character, and evaluates to the same text', () => {
    for (const trick of TRICKS) {
      const text = `a${trick}b"'\`\${x}\n*/`;
      const code = literal(text);
      expect(code, trick).not.toMatch(HIDDEN);
      expect(eval(code), trick).toBe(text);
    }
    expect(literal('\u202e')).toBe('"\\u202e"');
    expect(literal('\u{e0041}')).toBe('"\\u{e0041}"');
  });
});

describe('property keys', () => {
  it('quotes what is not an identifier, and computes __proto__ in an object literal', () => {
    expect(propertyKey('a')).toBe('a');
    expect(propertyKey('a-b')).toBe('"a-b"');
    expect(objectKey('notes/create')).toBe('"notes/create"');
    expect(objectKey('__proto__')).toBe('["__proto__"]');
    const object = eval(`({ ${objectKey('__proto__')}: 1, ${objectKey('constructor')}: 2 })`) as object;
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.keys(object)).toEqual(['__proto__', 'constructor']);
  });
});

describe('comments', () => {
  it('keeps comments closed, turns every kind of line break into a new line, and shows the rest', () => {
    expect(commentText('a */ b')).toBe('a *\\/ b');
    expect(commentText('a\u2028b\u2029c\r\nd\re\u0085f')).toBe('a\nb\nc\nd\ne\nf');
    expect(commentText('x\u202ey\u0000z')).toBe('x\\u202ey\\u0000z');
    const doc = jsDoc(['x */ alert(1) /*', 'line\r\nbreak', ...TRICKS]);
    expect(doc.match(/\*\//g)).toHaveLength(1);
    expect(doc.trimEnd().endsWith('*/')).toBe(true);
    expect(doc.replace(/\n/g, '')).not.toMatch(HIDDEN);
  });
});

describe('printed code', () => {
  it('escapes hidden characters and keeps its layout', () => {
    expect(sealCode('/** a\u202eb */\ntype X = "c\u2028d";\n\tY')).toBe('/** a\\u202eb */\ntype X = "c\\u2028d";\n\tY');
    expect(eval(sealCode('"a\u2066b"'))).toBe('a\u2066b');
  });
});

describe('terminal lines', () => {
  it('nothing can end the line, recolour it or reorder it', () => {
    for (const trick of [...TRICKS, '\n', '\t']) expect(terminalLine(`warning: #/paths/~1a${trick}b: x`), JSON.stringify(trick)).not.toMatch(HIDDEN);
    expect(terminalLine('a\nb\u001b[2Jc')).toBe('a\\u000ab\\u001b[2Jc');
    expect(terminalLines('one\ntwo\u202e')).toBe('one\ntwo\\u202e');
  });
});

describe('JSON lines', () => {
  it('stay the same JSON value', () => {
    const value = { text: TRICKS.join(''), [`key${TRICKS.join('')}`]: 1 };
    for (const json of [JSON.stringify(value), JSON.stringify(value, null, 2)]) {
      const safe = jsonLine(json);
      expect(safe.replace(/\n/g, '')).not.toMatch(HIDDEN);
      expect(JSON.parse(safe)).toEqual(value);
    }
  });
});

describe('safe text', () => {
  it('makes string literals of anything', () => {
    const hostile = `a'b"c\`\${x}\u2028\n*/`;
    expect(eval(literal(hostile))).toBe(hostile);
    expect(literal('\u2028')).toBe('"\\u2028"');
  });

  it('keeps comments closed', () => {
    expect(commentText('a */ b')).toBe('a *\\/ b');
    const doc = jsDoc(['x */ alert(1) /*', 'line\r\nbreak']);
    expect(doc.match(/\*\//g)).toHaveLength(1);
    expect(doc.trimEnd().endsWith('*/')).toBe(true);
  });
});
