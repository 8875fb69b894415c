/**
 * Conforming example values built from a raw spec document (not from the generator's model or the
 * validation data, so tests of those are not checking them against themselves). Used to play a
 * server that answers exactly as its spec says, and to build realistic payloads for timing.
 */
import { readFileSync } from 'node:fs';

type Raw = Record<string, unknown>;

export interface SampleOptions {
  /** Fill optional properties too (up to `depth`), and pick non-null where null is allowed. Default true. */
  full?: boolean;
  /** Nesting of optional/nullable parts beyond which only required, non-null-if-needed values are made. Default 3. */
  depth?: number;
  /** Items per array (within depth). Default 1. */
  items?: number;
}

export class Sampler {
  readonly document: Raw;
  constructor(document: Raw) {
    this.document = document;
  }

  static fromFile(path: string): Sampler {
    return new Sampler(JSON.parse(readFileSync(path, 'utf8')) as Raw);
  }

  /** The 200 schema of `endpoint`, or undefined when it has none. */
  resultSchema(endpoint: string): unknown {
    const paths = this.document['paths'] as Record<string, Raw>;
    const op = paths[`/${endpoint}`]?.['post'] as Raw | undefined;
    const ok = (op?.['responses'] as Raw | undefined)?.['200'] as Raw | undefined;
    return ((ok?.['content'] as Raw | undefined)?.['application/json'] as Raw | undefined)?.['schema'];
  }

  endpoints(): string[] {
    return Object.keys(this.document['paths'] as Raw).map((p) => p.slice(1));
  }

  /** A conforming body for `endpoint` (undefined for a 204-only endpoint). */
  result(endpoint: string, options: SampleOptions = {}): unknown {
    const schema = this.resultSchema(endpoint);
    return schema === undefined ? undefined : this.sample(schema, options);
  }

  component(name: string): unknown {
    return ((this.document['components'] as Raw)['schemas'] as Raw)[name];
  }

  sample(schema: unknown, options: SampleOptions = {}, depth = 0): unknown {
    const full = options.full ?? true;
    const maxDepth = options.depth ?? 3;
    const deep = depth >= maxDepth;
    if (typeof schema !== 'object' || schema === null || depth > 24) return null;
    const s = schema as Raw;
    if (typeof s['$ref'] === 'string') {
      // 3.0 wrote `{$ref, nullable: true}`; past the depth limit take the null.
      if (s['nullable'] === true && (deep || !full)) return null;
      return this.sample(this.component(s['$ref'].replace('#/components/schemas/', '')), options, depth + 1);
    }
    if ('const' in s) return s['const'];
    const types = Array.isArray(s['type']) ? (s['type'] as string[]) : typeof s['type'] === 'string' ? [s['type']] : [];
    // 2024.11.0 writes `{type: ['object', 'null'], allOf: [{$ref}]}`, whose null fails the allOf: not nullable.
    const nullable = (s['nullable'] === true || types.includes('null')) && !Array.isArray(s['allOf']);
    if (types.length > 0 && types.every((t) => t === 'null')) return null;
    if (nullable && (deep || !full)) return null;
    if (Array.isArray(s['enum'])) {
      const value = (s['enum'] as unknown[]).find((v) => v !== null);
      return value === undefined ? null : value;
    }
    for (const key of ['oneOf', 'anyOf']) {
      const branches = s[key];
      if (!Array.isArray(branches)) continue;
      const nullBranch = branches.find((b) => (b as Raw)['type'] === 'null');
      if (nullBranch && (deep || !full)) return null;
      const branch = branches.find((b) => (b as Raw)['type'] !== 'null') ?? branches[0];
      return this.sample(branch, options, depth + 1);
    }
    if (Array.isArray(s['allOf'])) {
      const parts = (s['allOf'] as unknown[]).map((m) => this.sample(m, options, depth + 1));
      return Object.assign({}, ...parts.filter((p) => typeof p === 'object' && p !== null));
    }
    const type = types.find((t) => t !== 'null') ?? (s['properties'] ? 'object' : s['items'] ? 'array' : 'string');
    switch (type) {
      case 'object': {
        const out: Raw = {};
        const required = new Set(Array.isArray(s['required']) ? (s['required'] as string[]) : []);
        for (const [key, value] of Object.entries((s['properties'] as Raw | undefined) ?? {})) {
          if (required.has(key) || (full && !deep)) out[key] = this.sample(value, options, depth + 1);
        }
        const extra = s['additionalProperties'];
        if (full && !deep && typeof extra === 'object' && extra !== null) out['extraKey'] = this.sample(extra, options, depth + 1);
        return out;
      }
      case 'array': {
        if (Array.isArray(s['prefixItems'])) return (s['prefixItems'] as unknown[]).map((m) => this.sample(m, options, depth + 1));
        if (Array.isArray(s['items'])) return (s['items'] as unknown[]).map((m) => this.sample(m, options, depth + 1));
        if (deep || s['items'] === undefined) return [];
        return Array.from({ length: options.items ?? 1 }, () => this.sample(s['items'], options, depth + 1));
      }
      case 'integer':
      case 'number':
        return typeof s['minimum'] === 'number' ? s['minimum'] : 1;
      case 'boolean':
        return false;
      default:
        return s['format'] === 'date-time' ? '2026-01-01T00:00:00.000Z' : 'x';
    }
  }
}
