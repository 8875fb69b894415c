/**
 * What the mock says about itself, as a server does (protocol document §5): `/.well-known/nodeinfo`
 * links to `/nodeinfo/2.1` and `/2.0`, which name the software and version of the spec it serves. So a
 * tool that identifies a server by URL (`misskey-codegen generate --url`) identifies the mock too.
 */
import type { ApiSource } from '../model/types.js';

const SCHEMAS = ['2.1', '2.0'] as const;

/** Path → its JSON document, for the mock at `origin` serving a spec from `source`; `users` counts them when asked. */
export function nodeinfoDocuments(origin: string, source: Pick<ApiSource, 'software' | 'version'>, users: () => number): Map<string, () => unknown> {
  const documents = new Map<string, () => unknown>([
    ['/.well-known/nodeinfo', () => ({ links: SCHEMAS.map((v) => ({ rel: `http://nodeinfo.diaspora.software/ns/schema/${v}`, href: `${origin}/nodeinfo/${v}` })) })],
  ]);
  for (const version of SCHEMAS) {
    documents.set(`/nodeinfo/${version}`, () => ({
      version,
      software: { name: source.software, version: source.version },
      protocols: ['activitypub'],
      services: { inbound: [], outbound: [] },
      openRegistrations: false,
      usage: { users: { total: users() } },
      metadata: {},
    }));
  }
  return documents;
}
