/**
 * Where each declaration of a generated file came from in the spec, for errors about the generated
 * code (compile-js.ts): `endpoints.ts`, `NotesCreateParams`, member `text` → `params of
 * endpoint "notes/create" at #/paths/~1notes~1create/post/requestBody, property text`. It follows the
 * names the emitters give (typeName, typeBase + suffix, identifier, the endpoint map's keys).
 */
import { pointer } from '../model/refs.js';
import type { ApiModel } from '../model/types.js';

type Origin = (members: readonly string[]) => string;

export function originOf(model: ApiModel): (file: string, declaration: string, members: readonly string[]) => string | undefined {
  let index: Map<string, Origin> | undefined;
  return (file, declaration, members) => {
    index ??= buildIndex(model);
    return index.get(`${file}\u0000${declaration}`)?.(members);
  };
}

function buildIndex(model: ApiModel): Map<string, Origin> {
  const index = new Map<string, Origin>();
  const add = (file: string, declaration: string, origin: Origin) => index.set(`${file}\u0000${declaration}`, origin);
  const property = (members: readonly string[]) => (members.length ? `, property ${members.join('.')}` : '');

  for (const s of model.schemas) {
    const at = `schema ${JSON.stringify(s.name)} at ${pointer('components', 'schemas', s.name)}`;
    add('schemas.ts', s.typeName, (members) => at + property(members));
  }
  const byName = new Map(model.endpoints.map((e) => [e.name, e]));
  const endpointAt = (name: string) => `endpoint ${JSON.stringify(name)} at ${pointer('paths', `/${name}`, 'post')}`;
  for (const e of model.endpoints) {
    const post = pointer('paths', `/${e.name}`, 'post');
    const of = `of endpoint ${JSON.stringify(e.name)} at ${post}`;
    add('endpoints.ts', `${e.typeBase}Params`, (members) => `params ${of}/requestBody${property(members)}`);
    add('endpoints.ts', `${e.typeBase}Result`, (members) => `result ${of}/responses/200${property(members)}`);
    add('endpoints.ts', `${e.typeBase}ErrorCode`, () => `error codes ${of}/responses`);
    add('api.ts', e.identifier, () => endpointAt(e.name));
  }
  // Tables keyed by endpoint name: the first member is the endpoint.
  const byEndpoint = (what: string): Origin => (members) => {
    const name = members[0];
    return name !== undefined && byName.has(name) ? `${endpointAt(name)} (${what})` : what;
  };
  add('endpoints.ts', 'Endpoints', byEndpoint('the endpoint map'));
  add('permissions.ts', 'endpointMeta', byEndpoint('access rules from its description'));
  add('permissions.ts', 'permissions', () => 'the permissions named in endpoint descriptions');
  add('validation.ts', 'resultSchemas', () => 'the result schemas of every endpoint');
  return index;
}
