/** generator/emit/model-json.ts: the model as stored in the package, checked against the shape it is read back with. */
import { describe, expect, it } from 'vitest';
import { emitModelJson } from '../../../generator/emit/model-json.js';
import { ModelFileError, parseModel } from '../../../generator/model/model-file.js';
import type { ApiModel } from '../../../generator/model/types.js';
import { endpoint, model } from '../../helpers/model.js';

describe('emitModelJson', () => {
  it('is the model on one line, read back equal', () => {
    const m = model({ endpoints: [endpoint('a')] });
    const text = emitModelJson(m);
    expect(text.split('\n')).toEqual([JSON.stringify(m), '']);
    expect(parseModel(JSON.parse(text), 'model.json')).toEqual(m);
  });

  it('refuses to write a model that could not be read back', () => {
    const broken = { ...model(), endpoints: [{ ...endpoint('a'), body: { kind: 'xml' } }] } as unknown as ApiModel;
    expect(() => emitModelJson(broken)).toThrow(ModelFileError);
  });

  it('escapes hidden characters the JSON way', () => {
    expect(emitModelJson(model({ version: 'a\u2028b' }))).toContain('"version":"a\\u2028b"');
  });
});
