/**
 * The TypeScript compiler API and openapi-typescript's schema transform, loaded with `require`.
 *
 * Both are CommonJS. Imported from ESM, Node first scans typescript.js (9 MB) for its named exports,
 * which costs more than loading it: about 0.6 s of CPU at every generation's start. Required, it is
 * loaded once, as CommonJS, by us and by openapi-typescript's CommonJS build alike. The transform is
 * taken from its own module (a path the package's `exports` map opens): the package root also loads
 * @redocly/openapi-core for bundling and linting, which we do not use.
 */
import { createRequire } from 'node:module';
import type { transformSchemaObject as TransformSchemaObject } from 'openapi-typescript';
import { requireCompiled } from './compile-cache.js';

// Compiled from the code cache when there is one (./compile-cache.ts): the `require` below then finds it loaded.
requireCompiled('typescript');
// `import = require` compiles to createRequire in an ES module, and keeps `ts` a namespace for types too.
import ts = require('typescript');

const requireCjs = createRequire(import.meta.url);

export { ts };
export const transformSchemaObject: typeof TransformSchemaObject = requireCjs('openapi-typescript/dist/transform/schema-object.cjs').default;

/**
 * openapi-typescript builds a JSON pointer for every property it visits (only for its own messages)
 * and parses it with redocly's `parseRef`, which percent-decodes each segment and throws on a `%` that
 * starts no escape: a property named `100%` stopped generation. Such a segment is read as written.
 */
interface ParsedRef {
  uri: string | null;
  pointer: string[];
}
const refUtils = createRequire(requireCjs.resolve('openapi-typescript/dist/transform/schema-object.cjs'))('@redocly/openapi-core/lib/ref-utils.js') as {
  parseRef: (ref: string) => ParsedRef;
};
const parseRef = refUtils.parseRef;
const readRef = (ref: string): ParsedRef => {
  try {
    return parseRef(ref);
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
    return parseRef(ref.replace(/%/g, '%25'));
  }
};
/**
 * It also parses the pointer of the object being typed once more for each of its properties
 * (`createRef([path, key])`, three in four calls a repeat): recent answers are kept, and each caller
 * gets its own copy, which it may change.
 */
const parsedRefs = new Map<string, ParsedRef>();
refUtils.parseRef = (ref: string) => {
  let parsed = parsedRefs.get(ref);
  if (parsed === undefined) {
    parsed = readRef(ref);
    if (parsedRefs.size >= 1000) parsedRefs.clear();
    parsedRefs.set(ref, parsed);
  }
  return { uri: parsed.uri, pointer: [...parsed.pointer] };
};
