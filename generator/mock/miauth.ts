/**
 * MiAuth as a server runs it (protocol document §3): the approval page at `/miauth/{session}`, and
 * `POST /api/miauth/{session}/check`, which hands out the token on the first check after approval
 * only (2026.7.0). Approval comes from a test (`approve`), from the page's button, or on opening the
 * page when the mock runs with `approve: true`.
 */
import type { MockState } from './state.js';

interface Session {
  name: string;
  permissions: string[];
  /** Set on approval; cleared once handed out. */
  token?: string | undefined;
  userId?: string | undefined;
  handedOut: boolean;
}

/** Session ids are the client's UUIDs; anything else is refused before it is stored. */
const SESSION = /^[\w-]{1,128}$/;

export class MiAuth {
  readonly #sessions = new Map<string, Session>();
  readonly #state: MockState;

  constructor(state: MockState) {
    this.#state = state;
  }

  static isSessionId(text: string): boolean {
    return SESSION.test(text);
  }

  /** The page opened: remembers what the app asks for. */
  open(session: string, query: URLSearchParams): Session {
    const existing = this.#sessions.get(session);
    if (existing !== undefined) return existing;
    const permissions = (query.get('permission') ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
    const created: Session = { name: query.get('name') ?? '', permissions, handedOut: false };
    this.#sessions.set(session, created);
    return created;
  }

  /** Approves the session for `userId` (with the permissions the page was opened with, or those given). Returns the token. */
  approve(session: string, userId: string, permissions?: readonly string[]): string {
    const entry = this.#sessions.get(session) ?? { name: '', permissions: [], handedOut: false };
    const token = this.#state.newToken();
    const granted = permissions ? [...permissions] : entry.permissions;
    this.#state.tokens.set(token, { userId, kind: 'app', permissions: granted });
    this.#sessions.set(session, { ...entry, permissions: granted, token, userId, handedOut: false });
    return token;
  }

  /** The check endpoint's answer. */
  check(session: string): Record<string, unknown> {
    const entry = this.#sessions.get(session);
    if (entry?.token === undefined || entry.handedOut || entry.userId === undefined) return { ok: false };
    entry.handedOut = true;
    const user = this.#state.users.get(entry.userId);
    return { ok: true, token: entry.token, user: user ? this.#state.userEntity(user, 'user') : null };
  }

  /** A small approval page; the app's name is shown escaped (it is whatever the app sent). */
  page(session: string, entry: Session, approved: boolean): string {
    const list = entry.permissions.map((p) => `<li>${escapeHtml(p)}</li>`).join('');
    const action = approved
      ? '<p>Approved. The app may now check its session.</p>'
      : `<form method="post" action="/miauth/${escapeHtml(session)}"><button type="submit">Approve</button></form>`;
    return `<!doctype html><meta charset="utf-8"><title>MiAuth (mock)</title><h1>${escapeHtml(entry.name || 'An app')} asks for access</h1><ul>${list}</ul>${action}`;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
