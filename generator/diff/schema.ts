/**
 * Structural comparison of two JSON Schemas: properties, required, types, nullability, enums,
 * items, alternatives (as the emitters turn them into types), and every keyword that validates a
 * value without changing its type (lengths, ranges, patterns, formats: constraints.ts).
 * Annotations (description, example, default) are ignored. A `$ref` to the same name on both
 * sides is not followed: named schemas are compared once, on their own.
 *
 * The result is a list of deltas, each saying whether the new schema accepts fewer values
 * ("tightened"), more ("loosened"), different ones ("changed") or changes nothing a reader or a
 * writer could notice ("neutral"). Properties are judged as the generated type sees them: a
 * removed property is "changed" both ways, because an object literal naming it no longer
 * compiles and code reading it finds nothing. Whether a delta breaks a caller depends on which
 * way the value travels, which the caller knows (impact.ts).
 */
import type { JsonSchema } from '../model/types.js';
import { compareConstraints, hasConstraints } from './constraints.js';
import { MAX_DEPTH, allOfMembers, describe, flattenAllOf, hasOwnStructure, memberKey, memberName, sameJson, shapeOf, stripNull, type Shape } from './shape.js';
import type { ChangeKind, Effect } from './types.js';

export interface Delta {
  kind: ChangeKind;
  effect: Effect;
  /** Inside the compared schema: 'poll.choices[]'; '' for the whole. */
  path: string;
  /** Completes a sentence whose subject is the place: 'is now required', 'type changed: string → number'. */
  detail: string;
}

/** Named schemas of each side, for following a `$ref` whose target changed. */
export interface SchemaContext {
  old: ReadonlyMap<string, JsonSchema>;
  next: ReadonlyMap<string, JsonSchema>;
}

export function compareSchemas(a: JsonSchema, b: JsonSchema, context: SchemaContext): Delta[] {
  const out: Delta[] = [];
  new Comparison(context, out).compare(a, b, '', 0, new Set());
  return out;
}

class Comparison {
  readonly #context: SchemaContext;
  readonly #out: Delta[];

  constructor(context: SchemaContext, out: Delta[]) {
    this.#context = context;
    this.#out = out;
  }

  #push(kind: ChangeKind, effect: Effect, path: string, detail: string): void {
    this.#out.push({ kind, effect, path, detail });
  }

  /** `following` holds the pairs of differently named references being compared, so mutual recursion ends. */
  compare(a: JsonSchema, b: JsonSchema, path: string, depth: number, following: Set<string>): void {
    if (sameJson(a, b)) return;
    if (depth > MAX_DEPTH) {
      this.#push('type-changed', 'changed', path, 'changed (nested too deeply to compare in detail)');
      return;
    }
    // allOf of references and objects is one object: unless both sides list the same members, compare what they stand for.
    const la = allOfMembers(a);
    const lb = allOfMembers(b);
    if (la !== undefined || lb !== undefined) {
      const sameMembers = la !== undefined && lb !== undefined && la.length === lb.length && la.every((m) => lb.some((n) => sameJson(m, n) || (memberKey(m) !== undefined && memberKey(m) === memberKey(n))));
      // Members that are all references stay as they are while the other side is a reference or a union: those pair by name.
      const keep = (list: JsonSchema[] | undefined, other: JsonSchema) => {
        if (list === undefined || sameMembers) return true;
        const o = shapeOf(other);
        return list.every((m) => shapeOf(m).ref !== undefined) && (o.ref !== undefined || o.variants !== undefined);
      };
      const fa = keep(la, b) ? a : flattenAllOf(a, this.#context.old);
      const fb = keep(lb, a) ? b : flattenAllOf(b, this.#context.next);
      if (fa !== undefined && fb !== undefined && (fa !== a || fb !== b)) {
        this.compare(fa, fb, path, depth + 1, following);
        return;
      }
    }
    const x = shapeOf(a);
    const y = shapeOf(b);
    if (x.any || y.any) {
      if (x.any !== y.any) this.#push('type-changed', x.any ? 'tightened' : 'loosened', path, `type changed: ${describe(x)} → ${describe(y)}`);
      else this.#compareConstraints(x, y, path);
      return;
    }
    if (x.nullable !== y.nullable) this.#push('nullable-changed', y.nullable ? 'loosened' : 'tightened', path, y.nullable ? 'is now nullable' : 'is no longer nullable');
    if (x.ref !== undefined || y.ref !== undefined || x.variants !== undefined || y.variants !== undefined) {
      const effect = this.#fromAnyOfItsType(a, x, b, y);
      if (effect !== undefined) {
        this.#push('type-changed', effect, path, `type changed: ${describe(x)} → ${describe(y)}`);
        return;
      }
    }
    if (x.ref !== undefined || y.ref !== undefined) {
      if (x.ref !== y.ref) this.#followRefs(a, b, x, y, path, depth, following);
      return;
    }
    if ((x.variants === undefined) !== (y.variants === undefined) && !hasOwnStructure(x.variants === undefined ? y : x)) {
      this.#oneAndAlternatives(x.variants === undefined ? stripNull(a, x) : stripNull(b, y), (x.variants ?? y.variants) as JsonSchema[], x.variants === undefined, x, y, path, depth, following);
      return;
    }
    if (x.binary !== y.binary) {
      this.#push('type-changed', 'changed', path, `type changed: ${describe(x)} → ${describe(y)}`);
      return;
    }
    if (x.types !== undefined && y.types !== undefined && x.types.join() !== y.types.join()) {
      const added = y.types.filter((t) => !covers(x.types ?? [], t));
      const removed = x.types.filter((t) => !covers(y.types ?? [], t));
      const effect: Effect = added.length && removed.length ? 'changed' : added.length ? 'loosened' : removed.length ? 'tightened' : 'neutral';
      this.#push('type-changed', effect, path, `type changed: ${describe(x)} → ${describe(y)}`);
      const overlap = x.types.some((t) => covers(y.types ?? [], t) || y.types?.some((u) => covers([t], u)));
      if (!overlap) return;
    }
    this.#compareEnums(x, y, path);
    this.#compareConstraints(x, y, path);
    this.#compareProperties(x, y, path, depth, following);
    if (x.items !== undefined || y.items !== undefined) {
      const ia = x.items ?? true;
      const ib = y.items ?? true;
      if (Array.isArray(ia) || Array.isArray(ib)) {
        if (!sameJson(ia, ib)) this.#push('type-changed', 'changed', path + '[]', 'tuple items changed');
      } else {
        this.compare(ia, ib, path + '[]', depth + 1, following);
      }
    }
    if (x.additional !== undefined || y.additional !== undefined) {
      this.compare(x.additional ?? true, y.additional ?? true, join(path, '*'), depth + 1, following);
    }
    if (x.variants !== undefined || y.variants !== undefined) this.#compareMembers(x.variants ?? [], y.variants ?? [], 'alternatives', path, depth, following);
    if (x.allOf !== undefined || y.allOf !== undefined) this.#compareMembers(x.allOf ?? [], y.allOf ?? [], 'allOf', path, depth, following);
  }

  #sub(a: JsonSchema, b: JsonSchema, depth: number, following: Set<string>): Delta[] {
    const sub: Delta[] = [];
    new Comparison(this.#context, sub).compare(a, b, '', depth + 1, following);
    return sub;
  }

  /** Deltas found inside paired alternatives; what changed the same way in every pair is said once, without naming them. */
  #emitPairs(path: string, pairs: { label: string; deltas: Delta[] }[], elsewhere: ReadonlySet<string> = new Set()): void {
    const signature = (d: Delta) => `${d.kind}\u0000${d.effect}\u0000${d.path}\u0000${d.detail}`;
    const counts = new Map<string, number>();
    for (const { deltas } of pairs) for (const s of new Set(deltas.map(signature))) counts.set(s, (counts.get(s) ?? 0) + 1);
    const said = new Set<string>();
    for (const { label, deltas } of pairs) {
      for (let d of deltas) {
        // A union type still offers a property one alternative lost when another has it: a writer can still send it.
        if (d.kind === 'property-removed' && elsewhere.has(d.path)) d = { ...d, effect: 'loosened', detail: 'removed (another alternative still has it)' };
        const s = signature(d);
        if (pairs.length > 1 && counts.get(s) === pairs.length) {
          if (!said.has(s)) this.#out.push({ ...d, path: joinPath(path, d.path) }), said.add(s);
        } else {
          this.#out.push({ ...d, path: joinPath(path + label, d.path) });
        }
      }
    }
  }

  /**
   * One side is a single schema, the other a list of alternatives. Either the single schema is
   * still one of them (alternatives were added or removed), or an object became "one of these
   * objects" — Misskey's way of saying "give at least one of these params" — and the object is
   * compared with each alternative.
   */
  #oneAndAlternatives(one: JsonSchema, many: JsonSchema[], oneIsOld: boolean, x: Shape, y: Shape, path: string, depth: number, following: Set<string>): void {
    if (this.#discriminated(one, many, oneIsOld, path)) return;
    const compared = many.map((m, i) => ({ label: `<#${i + 1}>`, deltas: oneIsOld ? this.#sub(one, m, depth, following) : this.#sub(m, one, depth, following) }));
    // The single schema fits inside one alternative (old value still accepted, or new value one the old union allowed).
    const fits: Effect[] = oneIsOld ? ['neutral', 'loosened'] : ['neutral', 'tightened'];
    let kept = -1;
    compared.forEach((c, i) => {
      if (c.deltas.every((d) => fits.includes(d.effect)) && (kept < 0 || c.deltas.length < (compared[kept]?.deltas.length ?? 0))) kept = i;
    });
    if (kept >= 0) {
      const others = many.filter((_, i) => i !== kept).map(memberName);
      if (others.length > 0) this.#push('variants-changed', oneIsOld ? 'loosened' : 'tightened', path, `alternatives ${oneIsOld ? 'added' : 'removed'}: ${others.join(', ')}`);
      for (const d of compared[kept]?.deltas ?? []) this.#out.push({ ...d, path: joinPath(path, d.path) });
      return;
    }
    if ([one, ...many].every((s) => shapeOf(s).properties !== undefined)) {
      this.#emitPairs(path, compared);
      return;
    }
    this.#push('type-changed', 'changed', path, `type changed: ${describe(x)} → ${describe(y)}`);
  }

  /**
   * An object became a union of objects told apart by one property (13.x's `Notification` with
   * `type: {enum: [...]}` became one alternative per type), or the reverse. Said as the change of
   * that property's values plus the split itself, instead of a difference per alternative.
   */
  #discriminated(one: JsonSchema, many: JsonSchema[], oneIsOld: boolean, path: string): boolean {
    const keys = many.map(memberKey);
    const property = keys[0]?.includes('=') ? keys[0].slice(0, keys[0].indexOf('=')) : undefined;
    if (property === undefined || many.length < 2 || !keys.every((k) => k?.startsWith(`${property}=`))) return false;
    const single = shapeOf(one);
    if (single.properties === undefined || !Object.hasOwn(single.properties, property)) return false;
    const tags = keys.map((k) => (k as string).slice(property.length + 1));
    const own = (shapeOf(single.properties[property]).enum ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    const [before, after] = oneIsOld ? [own, tags] : [tags, own];
    const added = after.filter((t) => !before.includes(t));
    const removed = before.filter((t) => !after.includes(t));
    if (added.length || removed.length) {
      const parts = [added.length ? `values added: ${values(added)}` : '', removed.length ? `values removed: ${values(removed)}` : ''].filter(Boolean);
      this.#push('enum-changed', added.length && removed.length ? 'changed' : added.length ? 'loosened' : 'tightened', join(path, property), parts.join('; '));
    }
    // Fields optional on the one object now exist on some alternatives only (or the reverse): neither reads as the other.
    this.#push(
      'variants-changed',
      'changed',
      path,
      oneIsOld ? `is now one of ${many.length} alternatives told apart by \`${property}\`` : `is no longer split into alternatives by \`${property}\``,
    );
    return true;
  }

  /** A reference now points elsewhere (or replaced an inline schema): compare what they stand for. */
  #followRefs(a: JsonSchema, b: JsonSchema, x: Shape, y: Shape, path: string, depth: number, following: Set<string>): void {
    const left = x.ref === undefined ? a : this.#context.old.get(x.ref);
    const right = y.ref === undefined ? b : this.#context.next.get(y.ref);
    if (left === undefined || right === undefined) {
      this.#push('ref-changed', 'changed', path, `type changed: ${describe(x)} → ${describe(y)}`);
      return;
    }
    if (x.ref !== undefined && y.ref !== undefined) {
      this.#push('ref-changed', 'neutral', path, `type changed: ${x.ref} → ${y.ref}`);
      // One named type became (or stopped being) one alternative of the other: `UserDetailed` (= NotMe | Me) → `UserDetailedNotMe`.
      for (const [union, member, effect] of [[left, y.ref, 'tightened'], [right, x.ref, 'loosened']] as const) {
        const alternatives = shapeOf(union).variants;
        if (alternatives?.some((m) => shapeOf(m).ref === member)) {
          const others = alternatives.filter((m) => shapeOf(m).ref !== member).map(memberName);
          this.#push('variants-changed', effect, path, `alternatives ${effect === 'tightened' ? 'removed' : 'added'}: ${others.join(', ')}`);
          return;
        }
      }
    }
    const key = `${x.ref ?? ''}\u0000${y.ref ?? ''}`;
    if (x.ref !== undefined && y.ref !== undefined) {
      if (following.has(key)) return;
      following = new Set(following).add(key);
    }
    // The nullability of the reference itself was compared already; the target's own is what remains.
    this.compare(stripNull(left, x), stripNull(right, y), path, depth + 1, following);
  }

  /**
   * One side admits any value of its type (`{type: 'object'}`, which is how a live server's
   * /api.json writes a self-reference), the other a named schema or alternatives within that type:
   * the values did not change kind, the type got more (or less) precise. Said once, as a type
   * change, instead of as every property of the named schema appearing or disappearing.
   */
  #fromAnyOfItsType(a: JsonSchema, x: Shape, b: JsonSchema, y: Shape): Effect | undefined {
    const within = (bare: Shape, other: JsonSchema, schemas: ReadonlyMap<string, JsonSchema>) => {
      const types = typesOf(other, schemas, new Set(), 0);
      return types !== undefined && types.length > 0 && types.every((t) => covers(bare.types ?? [], t));
    };
    if (isBare(x) && within(x, b, this.#context.next)) return 'tightened';
    if (isBare(y) && within(y, a, this.#context.old)) return 'loosened';
    return undefined;
  }

  #compareConstraints(x: Shape, y: Shape, path: string): void {
    for (const d of compareConstraints(x.keywords, y.keywords)) this.#push('constraint-changed', d.effect, path, d.detail);
  }

  #compareEnums(x: Shape, y: Shape, path: string): void {
    if (x.enum === undefined && y.enum === undefined) return;
    if (x.enum === undefined) {
      this.#push('enum-changed', 'tightened', path, `is now limited to ${values(y.enum ?? [])}`);
      return;
    }
    if (y.enum === undefined) {
      this.#push('enum-changed', 'loosened', path, `is no longer limited to ${values(x.enum)}`);
      return;
    }
    const added = y.enum.filter((v) => !x.enum?.some((w) => sameJson(v, w)));
    const removed = x.enum.filter((v) => !y.enum?.some((w) => sameJson(v, w)));
    if (added.length === 0 && removed.length === 0) return;
    const parts = [added.length ? `values added: ${values(added)}` : '', removed.length ? `values removed: ${values(removed)}` : ''].filter(Boolean);
    this.#push('enum-changed', added.length && removed.length ? 'changed' : added.length ? 'loosened' : 'tightened', path, parts.join('; '));
  }

  #compareProperties(x: Shape, y: Shape, path: string, depth: number, following: Set<string>): void {
    const px = x.properties ?? {};
    const py = y.properties ?? {};
    // A name required but declared on neither side (JSON Schema allows it: the value must have it, of any type).
    for (const key of [...new Set([...x.required, ...y.required])].sort()) {
      if (Object.hasOwn(px, key) || Object.hasOwn(py, key)) continue;
      const [before, after] = [x.required.includes(key), y.required.includes(key)];
      if (before && !after) this.#push('property-optional', 'loosened', join(path, key), 'is now optional');
      if (!before && after) this.#push('property-required', 'tightened', join(path, key), 'is now required');
    }
    if (x.properties === undefined && y.properties === undefined) return;
    const keys = [...new Set([...Object.keys(px), ...Object.keys(py)])].sort();
    for (const key of keys) {
      const where = join(path, key);
      const inOld = Object.hasOwn(px, key);
      const inNew = Object.hasOwn(py, key);
      const requiredOld = x.required.includes(key);
      const requiredNew = y.required.includes(key);
      if (!inOld) {
        this.#push('property-added', requiredNew ? 'tightened' : 'neutral', where, `added (${requiredNew ? 'required' : 'optional'})`);
      } else if (!inNew) {
        this.#push('property-removed', 'changed', where, 'removed');
      } else {
        if (requiredOld && !requiredNew) this.#push('property-optional', 'loosened', where, 'is now optional');
        if (!requiredOld && requiredNew) this.#push('property-required', 'tightened', where, 'is now required');
        this.compare(px[key] as JsonSchema, py[key] as JsonSchema, where, depth + 1, following);
      }
    }
  }

  /**
   * oneOf/anyOf alternatives (more of them accept more values) or allOf members (more of them
   * accept fewer). Members are paired by their reference, by a property that tells them apart
   * (`type: {enum: ['note']}`), or by position when nothing else does.
   */
  #compareMembers(a: JsonSchema[], b: JsonSchema[], label: 'alternatives' | 'allOf', path: string, depth: number, following: Set<string>): void {
    const left = a.filter((m) => !b.some((n) => sameJson(m, n)));
    const right = b.filter((n) => !a.some((m) => sameJson(m, n)));
    if (left.length === 0 && right.length === 0) return;
    const pairs: [JsonSchema, JsonSchema, string][] = [];
    const unpairedLeft: JsonSchema[] = [];
    const rightByKey = new Map<string, JsonSchema>();
    const rightUnkeyed: JsonSchema[] = [];
    for (const n of right) {
      const k = memberKey(n);
      if (k !== undefined && !rightByKey.has(k)) rightByKey.set(k, n);
      else rightUnkeyed.push(n);
    }
    const leftUnkeyed: JsonSchema[] = [];
    for (const m of left) {
      const k = memberKey(m);
      const partner = k === undefined ? undefined : rightByKey.get(k);
      if (k !== undefined && partner !== undefined) {
        rightByKey.delete(k);
        pairs.push([m, partner, `<${k}>`]);
      } else if (k === undefined) leftUnkeyed.push(m);
      else unpairedLeft.push(m);
    }
    const unpairedRight = [...rightByKey.values()];
    if (leftUnkeyed.length === rightUnkeyed.length) {
      leftUnkeyed.forEach((m, i) => pairs.push([m, rightUnkeyed[i] as JsonSchema, `<#${a.indexOf(m) + 1}>`]));
    } else {
      unpairedLeft.push(...leftUnkeyed);
      unpairedRight.push(...rightUnkeyed);
    }
    const elsewhere = new Set(label === 'alternatives' ? b.flatMap((n) => Object.keys(shapeOf(n).properties ?? {})) : []);
    this.#emitPairs(
      path,
      pairs.map(([m, n, label]) => ({ label, deltas: this.#sub(m, n, depth, following) })),
      elsewhere,
    );
    if (unpairedLeft.length || unpairedRight.length) {
      const loosenedWhenAdded = label === 'alternatives';
      const effect: Effect = unpairedLeft.length && unpairedRight.length ? 'changed' : (unpairedRight.length > 0) === loosenedWhenAdded ? 'loosened' : 'tightened';
      const parts = [
        unpairedRight.length ? `${label} added: ${unpairedRight.map(memberName).join(', ')}` : '',
        unpairedLeft.length ? `${label} removed: ${unpairedLeft.map(memberName).join(', ')}` : '',
      ].filter(Boolean);
      this.#push('variants-changed', effect, path, parts.join('; '));
    }
  }
}

/** A schema that admits every value of its types: no properties, items, alternatives, enum or constraint narrow it. */
function isBare(shape: Shape): boolean {
  const open = (s: JsonSchema | JsonSchema[] | undefined) => s === undefined || s === true || (typeof s === 'object' && !Array.isArray(s) && Object.keys(s).length === 0);
  return (
    !shape.any &&
    shape.types !== undefined &&
    shape.types.length > 0 &&
    shape.ref === undefined &&
    shape.enum === undefined &&
    shape.variants === undefined &&
    shape.allOf === undefined &&
    !shape.binary &&
    (shape.properties === undefined || Object.keys(shape.properties).length === 0) &&
    open(shape.items) &&
    open(shape.additional) &&
    !hasConstraints(shape.keywords)
  );
}

/** The JSON types a schema's values can have (without null), following references; undefined when any value may do. */
function typesOf(schema: JsonSchema, schemas: ReadonlyMap<string, JsonSchema>, seen: ReadonlySet<string>, depth: number): string[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const s = shapeOf(schema);
  if (s.any) return undefined;
  if (s.ref !== undefined) {
    const target = schemas.get(s.ref);
    return target === undefined || seen.has(s.ref) ? undefined : typesOf(target, schemas, new Set(seen).add(s.ref), depth + 1);
  }
  if (s.types !== undefined) return s.types;
  if (s.enum !== undefined) return [...new Set(s.enum.map(jsonType))];
  const members = s.variants ?? s.allOf;
  if (members === undefined) return undefined;
  const each = members.map((m) => typesOf(m, schemas, seen, depth + 1));
  // Alternatives: any of their types. allOf: every member holds, so one member's types bound them all.
  if (s.variants !== undefined) return each.some((t) => t === undefined) ? undefined : [...new Set(each.flat() as string[])];
  return each.find((t) => t !== undefined);
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function covers(types: string[], t: string): boolean {
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function joinPath(base: string, rest: string): string {
  if (rest === '') return base;
  if (base === '' || rest.startsWith('[') || rest.startsWith('<')) return base + rest;
  return `${base}.${rest}`;
}

function values(list: unknown[]): string {
  const shown = list.slice(0, 8).map((v) => JSON.stringify(v) ?? String(v));
  return shown.join(', ') + (list.length > shown.length ? `, … (${list.length - shown.length} more)` : '');
}
