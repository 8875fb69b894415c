/**
 * A local Misskey stand-in that serves the real 2026.7.0 spec at /api.json and answers every endpoint
 * in it with a conforming example (built from the raw spec by ./sample.ts) — except, when `drift` is
 * on, a few endpoints that drift the way real servers do. DRIFT lists exactly the mismatches a
 * validator must report for them; the extra fields it also adds must not be reported.
 *
 * Why not the mock (generator/mock): drift is the point here, and the mock's answers always conform to the spec.
 */
import { readFileSync } from 'node:fs';
import { startFakeMisskey, type FakeMisskey } from './fake-misskey.js';
import { REFERENCE_SPEC } from './specs.js';
import { Sampler } from './sample.js';

export interface Expected {
  endpoint: string;
  path: string;
  expected: string;
  actual: string;
}

const VISIBILITY = 'one of "public", "home", "followers", "specified"';

/** What `drift: true` changes, as the validator must report it (sorted by endpoint, as `probe` reports). */
export const DRIFT: Expected[] = [
  // an enum value the spec does not know
  { endpoint: 'notes/global-timeline', path: '$[0].visibility', expected: VISIBILITY, actual: '"limited"' },
  // a null where the schema says non-null
  { endpoint: 'notes/local-timeline', path: '$[1].user.username', expected: 'string', actual: 'null' },
  // a required field missing
  { endpoint: 'stats', path: '$.notesCount', expected: 'a required property', actual: 'missing' },
];

/** Endpoints that get extra, unknown fields under `drift` (not mismatches). */
export const EXTRA_FIELDS = ['ping', 'notes/local-timeline', 'server-info'];

export const sampler = new Sampler(JSON.parse(readFileSync(REFERENCE_SPEC, 'utf8')) as Record<string, unknown>);

/** A conforming body for each endpoint, built once (timelines hold three notes). */
export function conformingBody(endpoint: string): unknown {
  const body = sampler.result(endpoint, { full: true, depth: 3, items: 3 });
  if (endpoint === 'meta' && typeof body === 'object' && body !== null) (body as Record<string, unknown>)['version'] = '2026.7.0';
  return body;
}

/** One conforming Note. */
export function sampleNote(): Record<string, unknown> {
  return structuredClone((conformingBody('notes/local-timeline') as Record<string, unknown>[])[0]!);
}

export function driftedBody(endpoint: string): unknown {
  const body = structuredClone(conformingBody(endpoint)) as never;
  const notes = body as Record<string, unknown>[];
  switch (endpoint) {
    case 'notes/local-timeline':
      (notes[1]!['user'] as Record<string, unknown>)['username'] = null;
      notes[0]!['brandNewField'] = { nested: true };
      break;
    case 'notes/global-timeline':
      notes[0]!['visibility'] = 'limited';
      break;
    case 'stats':
      delete (body as Record<string, unknown>)['notesCount'];
      break;
    case 'ping':
    case 'server-info':
      (body as Record<string, unknown>)['addedInAFork'] = 'yes';
      break;
  }
  return body;
}

export interface DriftServer extends FakeMisskey {
  /** Endpoint names of every POST /api/… the server received, in order. */
  calls(): { endpoint: string; body: Record<string, unknown> }[];
}

export async function startDriftServer(options: { drift: boolean }): Promise<DriftServer> {
  const fake = await startFakeMisskey();
  const drifting = new Set(options.drift ? [...DRIFT.map((d) => d.endpoint), ...EXTRA_FIELDS] : []);
  for (const endpoint of sampler.endpoints()) {
    fake.route(`/api/${endpoint}`, (req, res) => {
      if (req.method !== 'POST') {
        res.writeHead(405);
        return res.end();
      }
      const body = drifting.has(endpoint) ? driftedBody(endpoint) : conformingBody(endpoint);
      if (body === undefined) {
        res.writeHead(204);
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    });
  }
  return {
    ...fake,
    calls: () =>
      fake.requests
        .filter((r) => r.method === 'POST' && r.url.startsWith('/api/'))
        .map((r) => ({ endpoint: r.url.slice('/api/'.length).split('?')[0] ?? '', body: parseBody(r.body) })),
  };
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
