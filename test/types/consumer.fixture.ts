// Compiled (not run) by types.test.ts against the committed reference package. Every
// `@ts-expect-error` must be needed: an unused one is itself a compile error (TS2578).
import {
  checkApproval,
  createClient,
  i,
  isEndpointError,
  meta,
  notesCreate,
  notesDelete,
  notesShow,
  permissions,
  endpointMeta,
  startMiAuth,
  waitForApproval,
  type Endpoints,
  type FollowingCreateErrorCode,
  type MeDetailed,
  type Note,
  type NotesDeleteErrorCode,
  type NotesShowErrorCode,
  type Permission,
  type UserDetailedNotMe,
} from '../../generated/misskey-2026.7.0/index.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

const client = createClient({ origin: 'https://misskey.example', token: 'TOKEN' });

export async function requiredParams(): Promise<void> {
  await notesShow(client, { noteId: 'abc' });
  // @ts-expect-error noteId is required
  await notesShow(client, {});
  // @ts-expect-error params are required for notes/show
  await notesShow(client);
  // @ts-expect-error noteId is a string
  await notesShow(client, { noteId: 1 });
  // @ts-expect-error no such param
  await notesShow(client, { noteId: 'abc', nope: true });
  // @ts-expect-error visibility is an enum
  await notesCreate(client, { text: 'hi', visibility: 'everyone' });
  await meta(client);
  await meta(client, { detail: false });
  await client.request('notes/show', { noteId: 'abc' });
  // @ts-expect-error the generic request checks params against the endpoint map too
  await client.request('notes/show', { noteId: 42 });
  // @ts-expect-error unknown endpoint name
  await client.request('notes/nope', {});
}

export async function results(): Promise<void> {
  const me = await i(client);
  assertType<Equals<typeof me, MeDetailed>>();
  const name: string = me.username;
  void name;
  const created = await notesCreate(client, { text: 'hi' });
  assertType<Equals<typeof created.createdNote, Note>>();
  const deleted = notesDelete(client, { noteId: 'x' });
  assertType<Equals<typeof deleted, Promise<void>>>();
  const viaRequest = await client.request('i');
  assertType<Equals<typeof viaRequest, MeDetailed>>();
}

export function errorUnions(e: unknown): void {
  assertType<Equals<NotesShowErrorCode, 'AUTHENTICATION_FAILED' | 'CONTENT_RESTRICTED_BY_SERVER' | 'CONTENT_RESTRICTED_BY_USER' | 'CREDENTIAL_REQUIRED' | 'INTERNAL_ERROR' | 'INVALID_PARAM' | 'I_AM_AI' | 'NO_SUCH_NOTE'>>();
  assertType<Equals<NotesDeleteErrorCode, 'ACCESS_DENIED' | 'AUTHENTICATION_FAILED' | 'CREDENTIAL_REQUIRED' | 'INTERNAL_ERROR' | 'INVALID_PARAM' | 'I_AM_AI' | 'NO_SUCH_NOTE' | 'PERMISSION_DENIED' | 'RATE_LIMIT_EXCEEDED'>>();
  assertType<
    Equals<
      FollowingCreateErrorCode,
      | 'ALREADY_FOLLOWING' | 'AUTHENTICATION_FAILED' | 'BLOCKED' | 'BLOCKING' | 'CREDENTIAL_REQUIRED' | 'FOLLOWEE_IS_YOURSELF'
      | 'INTERNAL_ERROR' | 'INVALID_PARAM' | 'I_AM_AI' | 'NO_SUCH_USER' | 'PERMISSION_DENIED' | 'RATE_LIMIT_EXCEEDED'
    >
  >();
  if (isEndpointError(e, 'notes/show')) {
    assertType<Equals<typeof e.code, NotesShowErrorCode>>();
    // @ts-expect-error not a code notes/show can return
    if (e.code === 'NO_SUCH_USER') return;
  }
}

export function permissionData(): void {
  const p: Permission = 'write:notes';
  // @ts-expect-error not a permission of this server
  const q: Permission = 'write:everything';
  void p, q;
  assertType<Equals<Endpoints['notes/create']['permission'], 'write:notes'>>();
  const first: Permission | undefined = permissions[0];
  const m: { credential: boolean; permission: Permission | null; internal: boolean } = endpointMeta['notes/create'];
  void first, m;
}

export async function miauth(): Promise<void> {
  const session = startMiAuth({ origin: 'https://misskey.example', name: 'bot', permissions: ['read:account', 'write:notes'] });
  assertType<Equals<(typeof session.permissions)[number], 'read:account' | 'write:notes'>>();
  // @ts-expect-error not a permission of this server
  startMiAuth({ origin: 'https://misskey.example', permissions: ['write:everything'] });
  const { token, user } = await waitForApproval(session, { intervalMs: 1000, timeoutMs: 60_000 });
  assertType<Equals<typeof token, string>>();
  assertType<Equals<typeof user, UserDetailedNotMe>>();
  // @ts-expect-error the check endpoint's user has no `isAdmin` (only `i` returns the owner's own fields)
  void user.isAdmin;
  const checked = await checkApproval(session);
  if (checked.ok) {
    assertType<Equals<typeof checked.user, UserDetailedNotMe>>();
    assertType<Equals<typeof checked.token, string>>();
  } else {
    // @ts-expect-error no token before approval (or after the first successful check)
    void checked.token;
  }
}
