/**
 * validation.ts: the data response validation checks against (runtime/validate.ts) — each
 * endpoint's result schema and the component schemas they reach, cut down to the keywords the
 * validator reads. Nothing else in the package imports it, so an app that never turns validation
 * on does not bundle it. The data is one JSON string: compact, fast to parse, and spec text stays
 * inside a literal.
 */
import { validationData } from '../model/validation-data.js';
import type { ApiModel } from '../model/types.js';
import { byPrettier, call, PRINT_WIDTH } from './layout.js';
import { literal } from './safe.js';

export function emitValidationFile(model: ApiModel): string {
  return VALIDATION_IMPORT + '\n' + VALIDATION_DOC + resultSchemas(validationLiteral(model)) + '\n';
}

/** Built once per model: `--emit js` writes the same data into its JavaScript (js-files.ts). */
const literals = new WeakMap<ApiModel, string>();

/** The validation data as one string literal. */
function validationLiteral(model: ApiModel): string {
  let text = literals.get(model);
  if (text === undefined) literals.set(model, (text = literal(JSON.stringify(validationData(model)))));
  return text;
}

// The parts validation.ts and its declarations and JavaScript (`--emit js`, js-files.ts) share.
export const VALIDATION_IMPORT = 'import type { ValidationSchemas } from "./runtime/validate.js";\n';
export const VALIDATION_DOC =
  '/**\n' +
  " * Every endpoint's result schema, for response validation (development and CI):\n" +
  " * `createClient({ origin, token, validate: createValidator(resultSchemas, { mode: 'throw' }) })`.\n" +
  ' * Import it only where validation is on: it holds every result schema of the spec.\n' +
  ' */\n';

/** The value of `resultSchemas`, on one line (the JavaScript of `--emit js`, which nobody reads). */
export function resultSchemasValue(model: ApiModel): string {
  return `/* @__PURE__ */ JSON.parse(${validationLiteral(model)})`;
}

/** The one statement, on one line when it fits; a short string that does not is left to prettier (its layout then differs). */
function resultSchemas(json: string): string {
  const statement = call('', 'export const resultSchemas: ValidationSchemas = /* @__PURE__ */ JSON.parse', [json], ';');
  return !statement.includes('\n') || json.length > PRINT_WIDTH ? statement : byPrettier(statement);
}
