/**
 * validation.ts: the data response validation checks against (runtime/validate.ts) — each
 * endpoint's result schema and the component schemas they reach, cut down to the keywords the
 * validator reads. Nothing else in the package imports it, so an app that never turns validation
 * on does not bundle it. The data is one JSON string: compact, fast to parse, and spec text stays
 * inside a literal.
 */
import { validationData } from '../model/validation-data.js';
import type { ApiModel } from '../model/types.js';
import { literal } from './safe.js';

export function emitValidationFile(model: ApiModel): string {
  return `${VALIDATION_IMPORT}\n${VALIDATION_DOC}export const resultSchemas: ValidationSchemas = ${resultSchemasValue(model)};\n`;
}

// The parts validation.ts and its declarations (`--emit js`, js/validation.ts) share.
export const VALIDATION_IMPORT = "import type { ValidationSchemas } from './runtime/validate.js';\n";
export const VALIDATION_DOC =
  '/**\n' +
  " * Every endpoint's result schema, for response validation (development and CI):\n" +
  " * `createClient({ origin, token, validate: createValidator(resultSchemas, { mode: 'throw' }) })`.\n" +
  ' * Import it only where validation is on: it holds every result schema of the spec.\n' +
  ' */\n';

export function resultSchemasValue(model: ApiModel): string {
  return `/* @__PURE__ */ JSON.parse(${literal(JSON.stringify(validationData(model)))})`;
}
