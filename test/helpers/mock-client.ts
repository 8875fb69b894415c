/** Plain HTTP and WebSocket calls to a mock server (generator/mock), without the generated client: what a test sees on the wire. */
import WebSocket from 'ws';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function callApi(origin: string, endpoint: string, body: unknown, init: { headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await fetch(`${origin}/api/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The `error.code` of a Misskey error answer, or undefined. */
export function errorCode(answer: Answer): string | undefined {
  const error = (answer.json as { error?: { code?: unknown } } | undefined)?.error;
  return typeof error?.code === 'string' ? error.code : undefined;
}

export interface StreamClient {
  socket: WebSocket;
  messages: unknown[];
  send(type: string, body: unknown): void;
  /** Resolves with the first message (already received or coming) that `match` accepts. */
  next(match: (message: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

export async function openStream(origin: string, token?: string): Promise<StreamClient> {
  const url = `${origin.replace(/^http/, 'ws')}/streaming${token !== undefined ? `?i=${encodeURIComponent(token)}` : ''}`;
  const socket = new WebSocket(url);
  const messages: unknown[] = [];
  const waiting = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    for (const wake of waiting) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    socket,
    messages,
    send: (type, body) => socket.send(JSON.stringify({ type, body })),
    next: (match, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const look = (): boolean => {
          const found = messages.find(match);
          if (found === undefined) return false;
          cleanup();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiting.delete(wake);
        };
        const wake = () => void look();
        if (!look()) waiting.add(wake);
      }),
    close: () => socket.close(),
  };
}
