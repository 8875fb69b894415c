// @ts-check
/**
 * Small source mutations the test suite must kill, one behaviour each, as data for
 * `npm run test:mutations` (./run.js). Each names the test files to run and the test expected to
 * fail: one that names the behaviour, never the golden test (which only says "stale").
 *
 * When code moves or is rewritten, update `find` (it must occur exactly once in `file`; a fast unit
 * test, ./list.test.ts, checks that with the suite) and `tests`; keep `replace` the same mistake.
 */

/**
 * @typedef {object} Mutation
 * @property {string} id Short name, for the table and for running one: `npm run test:mutations -- <id>`.
 * @property {string} behaviour What the mutation breaks, in words.
 * @property {string} file Repository-relative path of the source to mutate.
 * @property {string} find Exact text, found exactly once in `file`.
 * @property {string} replace What `find` becomes.
 * @property {string[]} tests Test files to run (repository-relative).
 * @property {RegExp} killer Matches the full name (`describe > … > test`) of a test that must fail.
 * @property {boolean} [build] The tests reach `file` through dist/ (the built CLI): rebuild it first.
 * @property {number} [testTimeoutMs] For a mutation whose failure is a test that never ends.
 */

/** @type {readonly Mutation[]} */
export const MUTATIONS = [
  {
    id: 'token-in-i',
    behaviour: 'the client sends its token as the `i` body field',
    file: 'runtime/http/client.ts',
    find: "if (inBody && token !== undefined) fields['i'] = token;",
    replace: "if (!inBody && token !== undefined) fields['i'] = token;",
    tests: ['test/runtime/client.test.ts'],
    killer: /with the token as `i`|sends \{"i": token\}/,
  },
  {
    id: 'redaction',
    behaviour: 'redact() removes the token from text that reaches an error',
    file: 'runtime/http/errors.ts',
    find: "return secret ? text.split(secret).join('[redacted]') : text;",
    replace: 'return text;',
    tests: ['test/runtime/redaction.test.ts'],
    killer: /token never leaks|redact replaces every occurrence/,
  },
  {
    id: 'resubscribe-notes',
    behaviour: 'captured notes are subscribed again (subNote) when the socket reopens',
    file: 'runtime/stream/connection.ts',
    find: "for (const noteId of this.#notes.keys()) this.#sendNow(frame('subNote', { id: noteId }));",
    replace: '',
    tests: ['test/runtime/stream/reconnect.test.ts'],
    killer: /re-subscribes every channel instance and captured note|captured and released notes/,
  },
  {
    id: 'retry-writes',
    behaviour: 'a write (notes/create) is not retried on a 5xx unless the caller opts in',
    file: 'runtime/http/retry.ts',
    find: "reason === 'rate-limit' || !mayChangeState(ruleOf(rules, endpoint)) ||",
    replace: "reason === 'rate-limit' || mayChangeState(ruleOf(rules, endpoint)) ||",
    tests: ['test/runtime/retry.test.ts'],
    killer: /500 on notes\/create \(a write\) is not retried/,
  },
  {
    id: 'permission-parsing',
    behaviour: 'the permission on the `**Credential required**` line of a description is read',
    file: 'generator/normalize/description.ts',
    find: "permission = PERMISSION_PART.exec(cred[2] ?? '')?.[1] ?? permission;",
    replace: "permission = PERMISSION_PART.exec(cred[1] ?? '')?.[1] ?? permission;",
    tests: ['test/generator/normalize/description.test.ts'],
    killer: /parseAccessLines > .*permission/,
  },
  {
    id: 'comment-escaping',
    behaviour: 'spec text cannot close the JSDoc comment it is written into',
    file: 'generator/emit/safe.ts',
    find: "return escapeHidden(lines, true, codeEscape).replace(/\\*\\//g, '*\\\\/').trim();",
    replace: 'return escapeHidden(lines, true, codeEscape).trim();',
    tests: ['test/generator/emit/safe.test.ts'],
    killer: /keeps comments closed/,
  },
  {
    id: 'probe-write-permission',
    behaviour: 'probe never calls an endpoint whose permission is not a read: one',
    file: 'generator/probe/plan.ts',
    find: "if (permission !== null && !permission.startsWith('read:')) {",
    replace: "if (permission !== null && !permission.includes(':')) {",
    tests: ['test/generator/probe/plan.rules.test.ts'],
    killer: /write permission: an endpoint whose permission is not read: is never called/,
  },
  {
    id: 'pagination-guard',
    behaviour: 'paginate stops when a page does not move past the cursor (a server ignoring it)',
    file: 'runtime/http/paginate.ts',
    find: 'if (cursor !== undefined && (forward ? next <= cursor : next >= cursor)) return;',
    replace: '',
    tests: ['test/runtime/paginate.test.ts'],
    killer: /stops when the server ignores the cursor/,
    // Without the guard the walk never ends: the test fails by timing out.
    testTimeoutMs: 10_000,
  },
  {
    id: 'scope-missing-permission',
    behaviour: 'a scoped client refuses, before sending, an endpoint whose permission its token lacks',
    file: 'runtime/http/scope.ts',
    find: "return held.has(rule.permission) ? undefined : 'missing-permission';",
    replace: 'return undefined;',
    tests: ['test/runtime/scope.test.ts'],
    killer: /refuses an uncovered call before sending, naming the missing permission/,
  },
  {
    id: 'proto-own-key',
    behaviour: 'an emitted `__proto__` key is computed, so it makes an own property, not a prototype',
    file: 'generator/emit/safe.ts',
    find: "return text === '__proto__' ? `[${literal(text)}]` : propertyKey(text);",
    replace: 'return propertyKey(text);',
    tests: ['test/generator/emit/safe.test.ts'],
    killer: /computes __proto__ in an object literal/,
  },
  {
    id: 'no-content',
    behaviour: 'a 204 answer resolves to undefined',
    file: 'runtime/http/client.ts',
    find: 'if (status === 204) return undefined;',
    replace: '',
    tests: ['test/runtime/client.test.ts'],
    killer: /204 → undefined/,
  },
  {
    id: 'check-exit-code',
    behaviour: '`generate --check` exits 1 when the output is stale (the CLI, through dist/)',
    file: 'generator/commands/generate.ts',
    find: 'return stale ? 1 : 0;',
    replace: 'return 0;',
    tests: ['test/generator/commands/generate.test.ts'],
    killer: /--check fails with exit 1/,
    build: true,
  },
  {
    id: 'usage-literal-parameter',
    behaviour: 'usage: a wrapper parameter typed as a union of endpoint names counts as all of them',
    file: 'generator/usage/find.ts',
    find: 'if (parameter && !declared && wrapper && outer',
    replace: 'if (parameter && wrapper && outer',
    tests: ['test/generator/usage/find.test.ts'],
    killer: /counts every member of a union of endpoint names/,
  },
  {
    id: 'usage-required-param',
    behaviour: 'usage --against: a param made required breaks only the calls that leave it out',
    file: 'generator/usage/compat.ts',
    find: "if (demanded && change.path === top) return passed ? undefined : 'breaks';",
    replace: "if (demanded && change.path === top) return 'breaks';",
    tests: ['test/generator/usage/compat.test.ts'],
    killer: /a param made required breaks a call that leaves it out/,
  },
];
