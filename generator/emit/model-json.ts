/**
 * model.json: the model itself, for the next regeneration and `diff`. Checked against the shape
 * it is read back with (../model/model-file.ts) before it is written: a model that breaks it is
 * a bug of ours, and a package holding it could not be compared later.
 */
import { checkModel } from '../model/model-file.js';
import type { ApiModel } from '../model/types.js';
import { jsonLine } from './safe.js';

export function emitModelJson(model: ApiModel): string {
  checkModel(model, 'model.json');
  return jsonLine(JSON.stringify(model)) + '\n';
}
