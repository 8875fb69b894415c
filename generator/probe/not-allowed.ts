/**
 * Misskey answers that mean "this account or token may not call this endpoint". They say something
 * about the caller, nothing about whether the server keeps to its spec: an ordinary account probing
 * a server gets ROLE_PERMISSION_DENIED from every admin and moderator endpoint. So `probe` reports them
 * apart and leaves them out of its exit status. Every other Misskey error (a 500 `INTERNAL_ERROR`, a
 * rejected token, a rate limit, an `INVALID_PARAM` for parameters the spec allows) is a failure.
 *
 * Matched by `code` alone: the status they arrive with differs between versions (ACCESS_DENIED is a
 * 400 on some, a 403 on others), and the protocol's own rule is to match errors by code.
 * From Misskey's ApiCallService (the checks made before an endpoint runs) and its timeline endpoints.
 */
export const NOT_ALLOWED: Readonly<Record<string, string>> = {
  ROLE_PERMISSION_DENIED: "the account's roles do not allow it (admin, moderator, or a role policy)",
  PERMISSION_DENIED: 'the token was not granted the permission',
  ACCESS_DENIED: 'refused to this token or account (internal endpoints refuse app tokens; older servers refuse admin endpoints this way)',
  YOUR_ACCOUNT_SUSPENDED: 'the account is suspended',
  LTL_DISABLED: "the account's role turns this timeline off",
  GTL_DISABLED: "the account's role turns this timeline off",
  STL_DISABLED: "the account's role turns this timeline off",
};

/** Why the caller may not call it, when `code` is one of NOT_ALLOWED. */
export function notAllowedReason(code: string | undefined): string | undefined {
  return code !== undefined && Object.hasOwn(NOT_ALLOWED, code) ? NOT_ALLOWED[code] : undefined;
}
