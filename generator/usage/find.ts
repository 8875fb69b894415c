/**
 * Every place the app uses the package, found through the type checker rather than by names in text:
 * a call counts when the function or method it calls is declared inside the package (so a re-export
 * or an alias is followed), and an endpoint or channel name is what the checker knows of the argument:
 * a literal, or a union of literals (all of them count). A name that reaches the call through a
 * wrapper's parameter is resolved at each call of the wrapper; a plain `string` is left unresolved.
 */
import { relative } from 'node:path';
import { ts } from '../typescript.js';
import { isInside, type AppProject } from './project.js';
import type { AppUsage, Place, Unresolved, Use, UseKind } from './types.js';

/** The package's runtime functions and methods that take a name, and which argument holds it (the params follow it). */
const NAMED_CALLS: Readonly<Record<string, { kind: UseKind; name: number; params?: number }>> = {
  request: { kind: 'request', name: 0, params: 1 },
  paginate: { kind: 'paginate', name: 1, params: 2 },
  requestUnlisted: { kind: 'unlisted', name: 1, params: 2 },
  channel: { kind: 'channel', name: 0, params: 1 },
};

/** Calls that start or finish a MiAuth session; the first argument of startMiAuth carries the permissions. */
const MIAUTH_CALLS = new Set(['startMiAuth', 'waitForApproval', 'checkApproval', 'createMiAuthSession', 'waitForMiAuth', 'checkMiAuth']);

/** How deep a name is followed through wrappers' parameters (a wrapper calling a wrapper …). */
const MAX_WRAPPERS = 8;

/** What a name argument holds, found at `at`, reached through the wrapper calls in `through` (innermost first). */
type Resolved = ({ names: string[] } | { type: string }) & { at: ts.Node; through: readonly ts.CallExpression[] };

/** A params argument followed out of wrappers: the expression that gives them, none given, or not to be seen (spread). */
type Given = ts.Expression | 'none' | 'unknown';

export interface FindOptions {
  packageDir: string;
  /** Endpoint function names of the package → endpoint names (from its model). */
  functions: ReadonlyMap<string, string>;
  /** The app's own sources. */
  files: readonly ts.SourceFile[];
}

export function findUses(project: AppProject, options: FindOptions): AppUsage {
  const checker = project.program.getTypeChecker();
  // Without strictNullChecks a `string` may hold null and no type says so: which params may be null is then unknown.
  const compilerOptions = project.program.getCompilerOptions();
  const nullChecks = compilerOptions.strictNullChecks ?? compilerOptions.strict ?? false;
  const nullableOf = (params: string[] | undefined, argument: ts.Expression | undefined): { nullable?: string[] } =>
    params && argument && nullChecks ? { nullable: nullableParams(checker, argument) } : {};
  const place = (node: ts.Node): Place => {
    const source = node.getSourceFile();
    return { file: relative(project.root, source.fileName).split('\\').join('/'), line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 };
  };

  /** The declaration a callee names, aliases (imports, re-exports) followed. */
  const declarationOf = (expression: ts.Expression): ts.Declaration | undefined => {
    let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(expression) ? expression.name : expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  };
  const inPackage = (declaration: ts.Declaration | undefined) => declaration !== undefined && isInside(declaration.getSourceFile().fileName, options.packageDir);
  const nameOf = (declaration: ts.Declaration): string | undefined => {
    const name = (declaration as { name?: ts.Node }).name;
    return name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined;
  };

  // Every call in the app, by the function it calls: a wrapper's parameter is resolved at these.
  const calls: ts.CallExpression[] = [];
  const callers = new Map<ts.Node, ts.CallExpression[]>();
  for (const file of options.files) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        calls.push(node);
        const callee = functionNode(declarationOf(node.expression));
        if (callee) callers.set(callee, [...(callers.get(callee) ?? []), node]);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  /** The names an expression holds, through wrappers' parameters. */
  const resolveNames = (expression: ts.Expression, depth: number, seen: Set<ts.Node>, through: readonly ts.CallExpression[]): Resolved[] => {
    const parameter = parameterOf(expression);
    const wrapper = parameter ? (parameter.parent as ts.SignatureDeclaration) : undefined;
    const outer = wrapper ? callers.get(wrapper) : undefined;
    // A parameter typed with literals names them all; only an open one (a type parameter, `string`) is resolved at the wrapper's calls.
    const declared = parameter ? stringLiterals(checker.getTypeAtLocation(parameter)) : undefined;
    if (parameter && !declared && wrapper && outer && outer.length > 0 && depth < MAX_WRAPPERS && !seen.has(wrapper)) {
      const index = wrapper.parameters.indexOf(parameter);
      const inner = new Set(seen).add(wrapper);
      return outer.flatMap((call) => {
        const argument = call.arguments[index];
        const outward = [...through, call];
        return argument ? resolveNames(argument, depth + 1, inner, outward) : parameter.initializer ? resolveNames(parameter.initializer, depth + 1, inner, outward) : [];
      });
    }
    const type = checker.getTypeAtLocation(expression);
    const names = stringLiterals(type);
    return names ? [{ names, at: expression, through }] : [{ type: checker.typeToString(type), at: expression, through }];
  };
  /** The params a call inside wrappers passes, followed out through the wrapper calls its name came through: a wrapper's parameter is what that call gives it. */
  const givenThrough = (argument: ts.Expression | undefined, through: readonly ts.CallExpression[]): Given => {
    let given: Given = argument ?? 'none';
    for (const outer of through) {
      const parameter: ts.ParameterDeclaration | undefined = typeof given === 'string' ? undefined : parameterOf(given);
      if (!parameter) break;
      const wrapper = parameter.parent as ts.SignatureDeclaration;
      if (functionNode(declarationOf(outer.expression)) !== wrapper) break;
      given = outer.arguments[wrapper.parameters.indexOf(parameter)] ?? parameter.initializer ?? 'none';
    }
    return typeof given !== 'string' && ts.isSpreadElement(given) ? 'unknown' : given;
  };
  const parameterOf = (written: ts.Expression): ts.ParameterDeclaration | undefined => {
    // `name as never`, `(name)`, `name!`: a wrapper often quiets the checker; the value is still the parameter's.
    let expression = written;
    while (ts.isAsExpression(expression) || ts.isParenthesizedExpression(expression) || ts.isNonNullExpression(expression) || ts.isTypeAssertionExpression(expression) || ts.isSatisfiesExpression(expression)) expression = expression.expression;
    if (!ts.isIdentifier(expression)) return undefined;
    const declaration = checker.getSymbolAtLocation(expression)?.valueDeclaration;
    return declaration && ts.isParameter(declaration) && ts.isIdentifier(declaration.name) ? declaration : undefined;
  };

  const uses: Use[] = [];
  const unresolved: Unresolved[] = [];
  const record = (kind: UseKind, call: ts.CallExpression, nameArgument: ts.Expression | undefined, hasParams: boolean, paramsArgument: ts.Expression | undefined) => {
    if (!nameArgument) return;
    for (const found of resolveNames(nameArgument, 0, new Set(), [])) {
      const given = givenThrough(paramsArgument, found.through);
      const params = !hasParams ? undefined : given === 'none' ? [] : given === 'unknown' ? undefined : paramNames(checker, given);
      const nullable = typeof given === 'string' ? {} : nullableOf(params, given);
      const via = found.at.getSourceFile() === call.getSourceFile() && found.at.pos >= call.pos && found.at.end <= call.end ? {} : { via: place(call) };
      // The place a person reads first is where the name is written: the outermost wrapper call.
      const at = 'names' in found && Object.keys(via).length > 0 ? place(found.at) : place(call);
      const reads = kind === 'request' || kind === 'unlisted' ? readsOf(checker, call) : undefined;
      if ('names' in found) for (const name of found.names) uses.push({ kind, name, at, ...via, ...(params !== undefined ? { params, ...nullable } : {}), ...(reads ? { reads } : {}) });
      else unresolved.push({ kind, at: place(found.at), type: found.type });
    }
  };

  for (const call of calls) {
    const declaration = declarationOf(call.expression);
    if (!inPackage(declaration)) continue;
    const name = nameOf(declaration!);
    if (name === undefined) continue;
    const endpoint = options.functions.get(name);
    const named = NAMED_CALLS[name];
    if (endpoint !== undefined && ts.isFunctionDeclaration(declaration!)) {
      const params = call.arguments[1] ? paramNames(checker, call.arguments[1]) : [];
      const reads = readsOf(checker, call);
      const nullable = nullableOf(params, call.arguments[1]);
      uses.push({ kind: 'function', name: endpoint, at: place(call), ...(params !== undefined ? { params, ...nullable } : {}), ...(reads ? { reads } : {}) });
    } else if (named) {
      record(named.kind, call, call.arguments[named.name], named.params !== undefined, named.params === undefined ? undefined : call.arguments[named.params]);
    } else if (name === 'fillGaps' && call.arguments[0]) {
      // The channel params the gap filler re-sends are those given to `stream.channel()`, when the checker sees that call.
      const params = channelParams(checker, call.arguments[0]);
      for (const channel of channelNames(checker, call.arguments[0]) ?? []) uses.push({ kind: 'gap-fill', name: channel, at: place(call), ...(params ? { params } : {}) });
    } else if (name === 'subNote') {
      uses.push({ kind: 'note-capture', name: 'subNote', at: place(call) });
    } else if (MIAUTH_CALLS.has(name)) {
      const permissions = name === 'startMiAuth' || name === 'createMiAuthSession' ? requestedPermissions(checker, call.arguments[0]) : undefined;
      uses.push({ kind: 'miauth', name, at: place(call), ...(permissions ? { permissions } : {}) });
    }
  }
  return { packageDir: '', files: options.files.length, uses: sortUses(uses), unresolved: sortUses(unresolved) };
}

/**
 * The top-level result fields the app reads from a call, when every read is visible: the call's value
 * ignored, destructured (`const { a, b } = await …`) or kept in a variable used only as `x.field`.
 * Undefined when the value goes anywhere else (returned, passed on, spread).
 */
function readsOf(checker: ts.TypeChecker, call: ts.CallExpression): string[] | undefined {
  const value = ts.isAwaitExpression(call.parent) ? call.parent : call;
  const holder = value.parent;
  if (ts.isExpressionStatement(holder)) return [];
  if (!ts.isVariableDeclaration(holder) || holder.initializer !== value) return undefined;
  if (ts.isObjectBindingPattern(holder.name)) {
    const names: string[] = [];
    for (const element of holder.name.elements) {
      const key = element.propertyName ?? element.name;
      if (element.dotDotDotToken || !(ts.isIdentifier(key) || ts.isStringLiteral(key))) return undefined;
      names.push(key.text);
    }
    return [...new Set(names)].sort();
  }
  if (!ts.isIdentifier(holder.name)) return undefined;
  const symbol = checker.getSymbolAtLocation(holder.name);
  const names = new Set<string>();
  let opaque = false;
  const visit = (node: ts.Node): void => {
    if (opaque) return;
    if (ts.isIdentifier(node) && node !== holder.name && checker.getSymbolAtLocation(node) === symbol) {
      if (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) names.add(node.parent.name.text);
      else opaque = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(holder.getSourceFile());
  return opaque ? undefined : [...names].sort();
}

/** The function-like node a declaration stands for: `const f = (…) => …` gives the arrow. */
function functionNode(declaration: ts.Declaration | undefined): ts.SignatureDeclaration | undefined {
  if (!declaration) return undefined;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))) return declaration.initializer;
  return ts.isFunctionLike(declaration) ? declaration : undefined;
}

/** The string literals a type is made of, or undefined when it is anything else (string, a template, a type parameter left open). */
function stringLiterals(type: ts.Type): string[] | undefined {
  const parts = type.isUnion() ? type.types : [type];
  if (parts.length === 0 || !parts.every((t) => t.isStringLiteral())) return undefined;
  return [...new Set(parts.map((t) => (t as ts.StringLiteralType).value))].sort();
}

/** The top-level params a call passes: the properties of its params' type (an object literal's or a variable's). */
function paramNames(checker: ts.TypeChecker, expression: ts.Expression): string[] | undefined {
  const type = checker.getTypeAtLocation(expression);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return undefined;
  return type.getProperties().map((p) => p.name).sort();
}

/** The params whose value may be null: their type, as the checker sees it at the call, includes null (or is any/unknown). */
function nullableParams(checker: ts.TypeChecker, expression: ts.Expression): string[] {
  const type = checker.getTypeAtLocation(expression);
  const mayBeNull = (t: ts.Type): boolean => (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 || (t.isUnion() && t.types.some(mayBeNull));
  return type
    .getProperties()
    .filter((p) => mayBeNull(checker.getTypeOfSymbolAtLocation(p, expression)))
    .map((p) => p.name)
    .sort();
}

/** The channel a StreamChannel<Spec, Name> value is: its last type argument, when literals. */
function channelNames(checker: ts.TypeChecker, expression: ts.Expression): string[] | undefined {
  const type = checker.getTypeAtLocation(expression);
  const args = (type.flags & ts.TypeFlags.Object) !== 0 ? checker.getTypeArguments(type as ts.TypeReference) : [];
  const last = args[args.length - 1];
  return last ? stringLiterals(last) : undefined;
}

/** For `fillGaps(home, …)` where `const home = stream.channel('…', params)`: the params given there. */
function channelParams(checker: ts.TypeChecker, expression: ts.Expression): string[] | undefined {
  const declaration = ts.isIdentifier(expression) ? checker.getSymbolAtLocation(expression)?.valueDeclaration : undefined;
  const initializer = declaration && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  if (!initializer || !ts.isCallExpression(initializer) || !ts.isPropertyAccessExpression(initializer.expression) || initializer.expression.name.text !== 'channel') return undefined;
  const params = initializer.arguments[1];
  return params ? paramNames(checker, params) : [];
}

/** The `permissions` a MiAuth request asks for, from the type of that property. */
function requestedPermissions(checker: ts.TypeChecker, expression: ts.Expression | undefined): string[] | undefined {
  if (!expression) return undefined;
  const property = checker.getTypeAtLocation(expression).getProperty('permissions');
  if (!property) return [];
  const type = checker.getTypeOfSymbolAtLocation(property, expression);
  const element = checker.isArrayType(type) || checker.isTupleType(type) ? checker.getTypeArguments(type as ts.TypeReference) : [];
  const names = element.flatMap((t) => stringLiterals(t) ?? []);
  return [...new Set(names)].sort();
}

function sortUses<T extends { at: Place; kind: string; name?: string }>(list: T[]): T[] {
  const key = (u: T) => [u.at.file, String(u.at.line).padStart(8, '0'), u.kind, u.name ?? ''];
  return list.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return 0;
  });
}
