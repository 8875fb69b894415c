/** generator/errors.ts: one base class for the generator's errors, each with a stable code. */
import { describe, expect, it } from 'vitest';
import { GeneratorError, OptionError, UNEXPECTED, errorCode, oneLine } from '../../generator/errors.js';
import { SpecLoadError } from '../../generator/load/errors.js';
import { ModelFileError } from '../../generator/model/model-file.js';
import { CompileError } from '../../generator/output/compile-js.js';
import { OutputFolderError } from '../../generator/output/output-folder.js';
import { PackageJsonError } from '../../generator/emit/package-json.js';

describe('GeneratorError', () => {
  it('is the base of every stage’s error, each with its code and its own name', () => {
    const errors = [
      new SpecLoadError('NOT_MISSKEY', 'x'),
      new ModelFileError('BAD_MODEL', 'x'),
      new OutputFolderError('OUT_NOT_WRITABLE', 'x'),
      new CompileError('x'),
      new OptionError('x'),
      new PackageJsonError('x'),
    ];
    expect(errors.every((e) => e instanceof GeneratorError)).toBe(true);
    expect(errors.map((e) => [e.name, errorCode(e)])).toEqual([
      ['SpecLoadError', 'NOT_MISSKEY'],
      ['ModelFileError', 'BAD_MODEL'],
      ['OutputFolderError', 'OUT_NOT_WRITABLE'],
      ['CompileError', 'COMPILE_FAILED'],
      ['OptionError', 'BAD_OPTION'],
      ['PackageJsonError', 'BAD_OPTION'],
    ]);
  });

  it('gives anything else the code that says it is not one of ours', () => {
    expect(errorCode(new Error('x'))).toBe(UNEXPECTED);
    expect(errorCode(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(UNEXPECTED);
    expect(errorCode('thrown text')).toBe(UNEXPECTED);
  });
});

describe('oneLine', () => {
  it('joins the lines of a message, as load errors and option errors do', () => {
    expect(oneLine('  a\r\n  b\nc \n')).toBe('a b c');
    expect(new SpecLoadError('TLS', 'handshake\nfailed').message).toBe('handshake failed');
    expect(new OptionError('--x\nbad').message).toBe('--x bad');
  });
});
