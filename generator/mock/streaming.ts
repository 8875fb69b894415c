/**
 * `/streaming`: one WebSocket per client, channels multiplexed by the client's ids (protocol document
 * §4). Channels and their access rules come from the model; a channel the server does not have, or
 * one the token may not open, gets silence, as on a real server. Timeline channels carry the state's
 * new notes to the users whose timeline they reach; captured notes (`subNote`) get `noteUpdated`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isObject } from '../model/json.js';
import type { Channel } from '../model/types.js';
import type { TokenGrant } from './access.js';
import { timelineAudience } from './endpoints.js';
import type { Entity, MockState } from './state.js';

interface Subscription {
  channel: Channel;
  params: Record<string, unknown>;
}

interface Connection {
  socket: WebSocket;
  grant: TokenGrant | undefined;
  /** Client id → channel instance. */
  channels: Map<string, Subscription>;
  captured: Set<string>;
}

/** Client message types and their aliases (protocol document §4). */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['ch', 'channel'],
  ['s', 'subNote'],
  ['sr', 'subNote'],
  ['un', 'unsubNote'],
]);

export class Streaming {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #connections = new Set<Connection>();
  readonly #channels: ReadonlyMap<string, Channel>;
  readonly #state: MockState;
  readonly #stop: () => void;

  constructor(channels: readonly Channel[], state: MockState) {
    this.#channels = new Map(channels.map((c) => [c.name, c]));
    this.#state = state;
    this.#stop = state.listen({
      note: (note, authorId) => this.#deliverNote(note, authorId),
      noteUpdated: (id, type, body) => this.#broadcastCaptured(id, { type: 'noteUpdated', body: { id, type, body } }),
    });
  }

  /** For each open socket, the channels it has open (by name), in the order they were opened. */
  open(): string[][] {
    return [...this.#connections].map((c) => [...c.channels.values()].map((s) => s.channel.name));
  }

  /** Takes over an upgrade request for /streaming; the token was checked by the caller. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, grant: TokenGrant | undefined): void {
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      const connection: Connection = { socket: ws, grant, channels: new Map(), captured: new Set() };
      this.#connections.add(connection);
      ws.on('message', (data, isBinary) => {
        if (!isBinary) this.#receive(connection, String(data));
      });
      ws.on('close', () => this.#connections.delete(connection));
      ws.on('error', () => ws.terminate());
    });
  }

  /** Cuts every socket at once, as a server going down does (close code 1006 on the client). */
  dropAll(): void {
    for (const connection of this.#connections) connection.socket.terminate();
    this.#connections.clear();
  }

  close(): void {
    this.dropAll();
    this.#stop();
    this.#wss.close();
  }

  #receive(connection: Connection, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (!isObject(message) || typeof message['type'] !== 'string' || !isObject(message['body'])) return;
    const type = ALIASES.get(message['type']) ?? message['type'];
    const body = message['body'];
    const id = typeof body['id'] === 'string' ? body['id'] : undefined;
    if (id === undefined) return;
    if (type === 'connect') this.#connect(connection, id, body);
    else if (type === 'disconnect') connection.channels.delete(id);
    else if (type === 'subNote') connection.captured.add(id);
    else if (type === 'unsubNote') connection.captured.delete(id);
    // `channel` messages, `readNotification` and unknown types: accepted, nothing modelled answers them.
  }

  #connect(connection: Connection, id: string, body: Record<string, unknown>): void {
    const channel = typeof body['channel'] === 'string' ? this.#channels.get(body['channel']) : undefined;
    if (channel === undefined || !mayOpen(channel, connection.grant)) return;
    // A shared channel exists once per socket: a second connect is ignored.
    if (channel.shared && [...connection.channels.values()].some((s) => s.channel === channel)) return;
    connection.channels.set(id, { channel, params: isObject(body['params']) ? body['params'] : {} });
    if (body['pong'] === true) send(connection.socket, { type: 'connected', body: { id } });
  }

  #deliverNote(note: Entity, authorId: string): void {
    // Serialized once, not once per subscriber: only the channel id differs between frames.
    const body = JSON.stringify(note);
    for (const connection of this.#connections) {
      for (const [id, subscription] of connection.channels) {
        const endpoint = subscription.channel.timeline?.endpoint;
        // The channel reads what its HTTP twin reads (its params only filter: with files, with renotes…).
        const audience = endpoint !== undefined ? timelineAudience(endpoint) : undefined;
        if (audience === undefined) continue;
        const reaches =
          audience === 'public'
            ? note['visibility'] === 'public'
            : connection.grant !== undefined && this.#state.homeAuthors(connection.grant.userId).has(authorId);
        if (reaches && connection.socket.readyState === connection.socket.OPEN) {
          connection.socket.send(`{"type":"channel","body":{"id":${JSON.stringify(id)},"type":"note","body":${body}}}`);
        }
      }
    }
  }

  #broadcastCaptured(noteId: string, message: unknown): void {
    for (const connection of this.#connections) if (connection.captured.has(noteId)) send(connection.socket, message);
  }
}

function mayOpen(channel: Channel, grant: TokenGrant | undefined): boolean {
  if (channel.credential && grant === undefined) return false;
  if (grant?.kind === 'app' && channel.permission !== null && !grant.permissions.includes(channel.permission)) return false;
  return true;
}

function send(socket: WebSocket, message: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}
