/**
 * Permission scopes: what a token may call, checked by the compiler (`Allowed`) and, before sending,
 * at run time (`createScope`). The rules come from the generated `endpointMeta`; the runtime has no table.
 */
import { MisskeyError } from './errors.js';

/** One endpoint's access rule, as in the generated `endpointMeta`. */
export interface EndpointRule {
  readonly credential: boolean;
  readonly permission: string | null;
  readonly internal: boolean;
}
export type EndpointRules = { readonly [endpoint: string]: EndpointRule };

/**
 * The permission set of a token whose permissions are not known at compile time: a full-access
 * (native) token, or permissions read from configuration. Such a client type-checks every endpoint.
 */
export type FullAccess = string;

// A full-access token may also call the endpoints that name no permission (the web client's own).
type Granted<P extends string> = string extends P ? string | null : P;

/**
 * The pseudo-permission endpoint functions ask for when an endpoint needs a credential but names no
 * permission. Only a full-access token holds it, since it holds every string (`FullAccess`); as a
 * literal, it is what the compiler's message for a scoped client shows.
 */
export type FullAccessOnly = 'needs a full-access (native) token';

/**
 * `unknown` when a token holding `P` may call an endpoint of shape `S`, else an object type naming
 * what is missing. Intersected with the endpoint name, it turns a refused call into a compile error
 * such as `'"drive/files/create"' is not assignable to '… & { 'missing permission': "write:drive" }'`.
 * Endpoint shapes without `credential`/`permission` (a hand-written map) are allowed: tested by their
 * keys first, since such a shape is not assignable to the weak type `{ permission?: … }`. Not
 * distributive, so a union of names is refused when one of them is.
 */
export type Allowed<S, P extends string> = [keyof S & ('credential' | 'permission')] extends [never]
  ? unknown
  : [S] extends [{ credential: false } | { permission?: Granted<P> }]
    ? unknown
    : S extends { permission: infer Q extends string }
      ? { 'missing permission': Q }
      : { 'needs a full-access (native) token': true };

export type RefusalReason = 'missing-permission' | 'full-access-only' | 'internal';

/** A scoped client refused a call before sending it: the token cannot make it. */
export class PermissionError extends MisskeyError {
  override name = 'PermissionError';
  declare readonly endpoint: string;
  /** The permission the endpoint needs; null when it names none (only a full-access token may call it). */
  readonly permission: string | null;
  readonly reason: RefusalReason;
  constructor(endpoint: string, permission: string | null, reason: RefusalReason) {
    const why =
      reason === 'internal'
        ? 'is internal to the official web client; the server refuses app tokens'
        : reason === 'full-access-only'
          ? 'needs a full-access (native) token'
          : `needs permission ${permission}, which this client's token was not given`;
    super(`${endpoint} ${why}`, { endpoint });
    this.permission = permission;
    this.reason = reason;
  }
}

/** What a client checks before each call. */
export interface Scope<P extends string = string> {
  readonly permissions: readonly P[];
  /** Throws PermissionError when the token cannot call `endpoint`; endpoints without a rule pass. */
  check(endpoint: string): void;
}

/**
 * The scope of an app token (MiAuth) holding `permissions`, judged by `rules` (the generated
 * `endpointMeta`; a generated package's `createScopedClient` passes it).
 */
export function createScope<const P extends string>(permissions: readonly P[], rules: EndpointRules): Scope<P> {
  const held = new Set<string>(permissions);
  return Object.freeze({
    permissions: Object.freeze([...permissions]),
    check(endpoint: string): void {
      const rule = ruleOf(rules, endpoint);
      const refusal = refuse(rule, held);
      if (refusal) throw new PermissionError(endpoint, rule?.permission ?? null, refusal);
    },
  });
}

/** Why a token holding `held` cannot call an endpoint with `rule`, or undefined when it can. */
export function refuse(rule: EndpointRule | undefined, held: ReadonlySet<string>): RefusalReason | undefined {
  if (!rule || !rule.credential) return undefined;
  // Checked first: holding the permission does not help, the server answers ACCESS_DENIED.
  if (rule.internal) return 'internal';
  if (rule.permission === null) return 'full-access-only';
  return held.has(rule.permission) ? undefined : 'missing-permission';
}

/** The rule for `endpoint`; own keys only, so an endpoint named 'constructor' has none. */
export function ruleOf(rules: EndpointRules | undefined, endpoint: string): EndpointRule | undefined {
  return rules && Object.hasOwn(rules, endpoint) ? rules[endpoint] : undefined;
}
