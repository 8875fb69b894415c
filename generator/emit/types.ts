/**
 * JSON Schema → TypeScript type text, through openapi-typescript's schema transform (it knows
 * 3.0 `nullable`, 3.1 type arrays, composition, enums and escaping). We choose the layout: its
 * `components["schemas"]["X"]` lookups become direct references to our own flat named types, which
 * is what keeps the consumer's type-checking cheap.
 *
 * One emitter per output file: the helpers openapi-typescript asks for (`WithRequired`) are printed
 * by `footer()` into the file whose types use them, and `takeReferences()` says what it must import.
 */
import type { GlobalContext, SchemaObject } from 'openapi-typescript';
import { transformSchemaObject, ts } from '../typescript.js';
import { refTarget, refTo } from '../model/refs.js';
import type { ApiModel, JsonSchema } from '../model/types.js';
import { laidOut, settled } from './layout.js';
import { sealCode } from './safe.js';

const factory = ts.factory;

export class TypeEmitter {
  readonly #ctx: GlobalContext;
  readonly #typeNames: Map<string, string>;
  readonly #printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });
  readonly #file = ts.createSourceFile('types.ts', '', ts.ScriptTarget.ESNext, false, ts.ScriptKind.TS);
  /** Named types referenced since the last `takeReferences()`, so each file imports exactly what it uses. */
  #referenced = new Set<string>();
  /**
   * Types already built, by the schema's JSON, with the named types each refers to: many endpoints
   * share a schema (`{ userId }` params, `Note[]` results; a sixth of the endpoint schemas of
   * 2026.7.0 repeat one), and the same schema always gives the same type.
   */
  readonly #built = new Map<string, { node: ts.TypeNode; referenced: readonly string[] }>();
  /** Printed text of the nodes printed so far (a node built once is printed once). */
  readonly #printed = new WeakMap<ts.Node, string>();

  constructor(model: ApiModel) {
    this.#typeNames = new Map(model.schemas.map((s) => [s.name, s.typeName]));
    // Keyed as the model writes references (`refTo`), which is how openapi-typescript asks for them.
    const byRef = new Map(model.schemas.map((s) => [refTo(s.name), s.schema]));
    this.#ctx = {
      additionalProperties: false,
      alphabetize: false,
      arrayLength: false,
      defaultNonNullable: false,
      discriminators: { objects: {}, refsHandled: [] },
      emptyObjectsUnknown: true,
      enum: false,
      enumValues: false,
      conditionalEnums: false,
      dedupeEnums: false,
      excludeDeprecated: false,
      exportType: false,
      immutable: false,
      injectFooter: [],
      pathParamsAsTypes: false,
      // Any other `$ref` arrives as openapi-typescript's `components["schemas"]["X"]` lookup, the whole result of one call.
      postTransform: (type: ts.TypeNode) => (ts.isIndexedAccessTypeNode(type) ? this.#relinked(type) : undefined),
      propertiesRequiredByDefault: false,
      redoc: undefined as unknown as GlobalContext['redoc'],
      silent: true,
      // A property that is a `$ref` is typed here, from the reference (the model writes every one with `refTo`).
      // (It also sees `true`/`false` property schemas.)
      transform: (schema: SchemaObject) => {
        if (typeof schema !== 'object') return undefined;
        const ref: unknown = (schema as { $ref?: unknown }).$ref;
        if (typeof ref === 'string') return this.#reference(ref);
        return schema.format === 'binary' ? factory.createTypeReferenceNode('Blob') : undefined;
      },
      transformProperty: undefined,
      makePathsEnum: false,
      generatePathParams: false,
      readWriteMarkers: false,
      rootTypes: false,
      rootTypesNoSchemaPrefix: false,
      rootTypesKeepCasing: false,
      resolve: <T>(ref: string) => byRef.get(ref) as T | undefined,
    };
  }

  /**
   * The type node for a schema, with component lookups replaced by named references as
   * openapi-typescript builds it (the `transform` and `postTransform` hooks above), so no second
   * pass over the tree is needed.
   */
  node(schema: JsonSchema, path: string): ts.TypeNode {
    const key = JSON.stringify(schema);
    const known = this.#built.get(key);
    if (known === undefined) {
      const outer = this.#referenced;
      this.#referenced = new Set();
      const node = transformSchemaObject(schema as SchemaObject, { path, ctx: this.#ctx });
      const referenced = [...this.#referenced];
      this.#referenced = outer;
      this.#built.set(key, { node, referenced });
      return this.node(schema, path);
    }
    for (const name of known.referenced) this.#referenced.add(name);
    return known.node;
  }

  /** Printed code, indented by two spaces a level; spec text in its comments and literals is sealed by ./safe.ts. */
  text(node: ts.Node): string {
    let text = this.#printed.get(node);
    if (text === undefined) this.#printed.set(node, (text = reindent(sealCode(this.#printer.printNode(ts.EmitHint.Unspecified, node, this.#file)))));
    return text;
  }

  /**
   * `export interface X {…}` for object literals (named and cached by the checker), else `export type X = …`.
   * The printer's layout is prettier's as long as no line is too long and no literal holds escapes or
   * wide characters; a declaration that has one is left to prettier (see ./layout.ts `byPrettier`).
   */
  declaration(name: string, schema: JsonSchema, path: string): string {
    const node = this.node(schema, path);
    const text = ts.isTypeLiteralNode(node) ? `export interface ${name} ${this.text(node)}` : `export type ${name} = ${this.text(node)};`;
    return laidOut(text);
  }

  takeReferences(): string[] {
    const names = [...this.#referenced].sort();
    this.#referenced = new Set();
    return names;
  }

  /** Helper declarations openapi-typescript asked to be added (e.g. WithRequired), printed once. */
  footer(): string {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const node of this.#ctx.injectFooter) {
      const text = settled(this.text(node));
      if (!seen.has(text)) out.push(text), seen.add(text);
    }
    return out.join('\n');
  }

  /** Our named type for a `$ref` of the model. */
  #reference(ref: string): ts.TypeNode {
    const name = refTarget(ref);
    if (name === undefined) throw new Error(`emit: ${JSON.stringify(ref)} is not a reference of the model`);
    return this.#named(this.#typeName(name));
  }

  /** A component lookup as our named type; any other indexed access type stays (undefined). */
  #relinked(node: ts.IndexedAccessTypeNode): ts.TypeNode | undefined {
    const name = this.#componentName(node);
    return name === undefined ? undefined : this.#named(name);
  }

  #named(name: string): ts.TypeNode {
    this.#referenced.add(name);
    return factory.createTypeReferenceNode(name);
  }

  /**
   * `components["schemas"]["Note"]` → our type name for Note. openapi-typescript decodes the
   * reference into the key, and drops an empty last segment: a schema named "" arrives as
   * `components["schemas"]`.
   */
  #componentName(n: ts.IndexedAccessTypeNode): string | undefined {
    if (isComponents(n.objectType) && literalText(n.indexType) === 'schemas') return this.#typeName('');
    const inner = n.objectType;
    if (!ts.isIndexedAccessTypeNode(inner) || !isComponents(inner.objectType) || literalText(inner.indexType) !== 'schemas') return undefined;
    const key = literalText(n.indexType);
    return key === undefined ? undefined : this.#typeName(key);
  }

  #typeName(schema: string): string {
    const name = this.#typeNames.get(schema);
    // normalize lets only references to existing schemas through; anything else is our bug, not the spec's.
    if (name === undefined) throw new Error(`emit: a type refers to ${JSON.stringify(schema)}, which is not a schema of the model`);
    return name;
  }
}

function isComponents(node: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === 'components';
}

function literalText(node: ts.TypeNode): string | undefined {
  return ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal) ? node.literal.text : undefined;
}

/** The printer indents by four spaces, prettier by two; comment lines (` * …`) keep their one extra space. */
function reindent(code: string): string {
  return code.replace(/^((?: {4})+)/gm, (spaces) => ' '.repeat(spaces.length / 2));
}
