// @ts-nocheck: checked by misskey-codegen; your compiler checks your code against these types, not this file.
// Permission scopes: what a token may call, checked by the compiler (`Allowed`) and before sending (`createScope`), by `endpointMeta`.
import { MisskeyError } from './errors.js';

/** One endpoint's access rule, as in the generated `endpointMeta`. */
export interface EndpointRule { readonly credential: boolean; readonly permission: string | null; readonly internal: boolean }
export type EndpointRules = { readonly [endpoint: string]: EndpointRule };
/** The permissions of a token not known at compile time (a native token, or from configuration): every endpoint type-checks. */
export type FullAccess = string;
type Granted<P extends string> = string extends P ? string | null : P; // full access: also the endpoints naming no permission
const FULL_ACCESS_ONLY = 'needs a full-access (native) token'; // the compiler's word and PermissionError's alike
/** What endpoint functions ask for when an endpoint needs a credential but names no permission: only a full-access token holds it. */
export type FullAccessOnly = typeof FULL_ACCESS_ONLY;
/** `unknown` when a token holding `P` may call an endpoint of shape `S`, else a type naming what is missing (docs/runtime.md, "How calls work"). */
export type Allowed<S, P extends string> = [keyof S & ('credential' | 'permission')] extends [never] ? unknown
  : [S] extends [{ credential: false } | { permission?: Granted<P> }] ? unknown
  : S extends { permission: infer Q extends string } ? { 'missing permission': Q } : { [K in FullAccessOnly]: true };
export type RefusalReason = 'missing-permission' | 'full-access-only' | 'internal';
const WHY: Record<RefusalReason, string> = {
  internal: 'is internal to the official web client; the server refuses app tokens',
  'full-access-only': FULL_ACCESS_ONLY,
  'missing-permission': "needs permission %, which this client's token was not given",
};
/** A scoped client refused a call before sending it: the token cannot make it. `permission`: null when the endpoint names none. */
export class PermissionError extends MisskeyError<{ permission: string | null; reason: RefusalReason }> {
  override name = 'PermissionError';
  constructor(endpoint: string, permission: string | null, reason: RefusalReason) {
    super(`${endpoint} ${WHY[reason].replace('%', String(permission))}`, { endpoint, permission, reason });
  }
}
export interface PermissionError { readonly endpoint: string; readonly permission: string | null; readonly reason: RefusalReason }
/** What a client checks before each call: `check` throws PermissionError when the token cannot call `endpoint`. */
export interface Scope<P extends string = string> { readonly permissions: readonly P[]; check(endpoint: string): void }
/** The scope of an app token (MiAuth) holding `permissions`, judged by `rules` (the generated `endpointMeta`). */
export function createScope<const P extends string>(permissions: readonly P[], rules: EndpointRules): Scope<P> {
  const held = new Set<string>(permissions);
  const check = (endpoint: string): void => {
    const rule = ruleOf(rules, endpoint);
    const refusal = refuse(rule, held);
    if (refusal) throw new PermissionError(endpoint, rule?.permission ?? null, refusal);
  };
  return Object.freeze({ permissions: Object.freeze([...permissions]), check });
}
/** Why a token holding `held` cannot call an endpoint with `rule`, or undefined when it can (endpoints without a rule can). */
export function refuse(rule: EndpointRule | undefined, held: ReadonlySet<string>): RefusalReason | undefined {
  if (!rule?.credential) return undefined;
  if (rule.internal) return 'internal'; // first: holding the permission does not help, the server answers ACCESS_DENIED
  if (rule.permission === null) return 'full-access-only';
  return held.has(rule.permission) ? undefined : 'missing-permission';
}
/** The rule for `endpoint`; own keys only, so an endpoint named 'constructor' has none. */
export function ruleOf(rules: EndpointRules | undefined, endpoint: string): EndpointRule | undefined {
  return rules && Object.hasOwn(rules, endpoint) ? rules[endpoint] : undefined;
}
