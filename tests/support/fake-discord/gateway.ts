/**
 * The fake gateway: a WebSocket server speaking Discord's gateway protocol v10 (JSON encoding) well
 * enough for discord.js: HELLO, heartbeats, IDENTIFY → READY + GUILD_CREATE, sequence numbers, RESUME
 * with replay of missed events, and server-side faults (close codes, dropped TCP, RECONNECT,
 * INVALID_SESSION). Each shard has its own connection and session, as with Discord.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIUser } from 'discord-api-types/v10';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { Changes } from './waiters.js';
import { type FakeGuild, readyApplication } from './world.js';

/** Gateway opcodes used here (see Discord's "Gateway Opcodes"). */
export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;

/**
 * Close codes after which Discord forgets the session, so the client must IDENTIFY again
 * (4007 invalid seq and 4009 session timed out allow a reconnect but not a resume; the others
 * do not allow reconnecting at all). 1000/1001 sent by the client also end the session.
 */
export const SESSION_ENDING_CLOSE_CODES: ReadonlySet<number> = new Set([
  1000, 1001, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014,
]);

/** The GUILDS intent (1 << 0): GUILD_CREATE and the other guild, channel and role events. */
const GUILDS_INTENT = 1;

/** Privileged intents: GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT. */
const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);
/** Dispatches kept per session for RESUME; Discord keeps a bounded backlog too. */
const BUFFER_LIMIT = 1000;

/** One frame in or out of the fake gateway, kept in {@link Gateway.frames}. */
export interface GatewayFrame {
  readonly direction: 'in' | 'out';
  readonly connectionId: number;
  readonly op: number;
  readonly t?: string | null;
  readonly s?: number | null;
  readonly d: unknown;
  readonly time: number;
}

/** An IDENTIFY the fake accepted. */
export interface IdentifyRecord {
  readonly connectionId: number;
  readonly sessionId: string;
  /** `[shard_id, shard_count]` as sent (default `[0, 1]`). */
  readonly shard: readonly [number, number];
  readonly intents: number;
  readonly properties: unknown;
  readonly compress: unknown;
  readonly largeThreshold: unknown;
  readonly presence: unknown;
  readonly time: number;
}

/** A RESUME the fake received, accepted or not. */
export interface ResumeRecord {
  readonly connectionId: number;
  readonly sessionId: string;
  readonly seq: number | null;
  readonly shard: readonly [number, number] | null;
  /** Whether the session was resumed (false: answered with INVALID_SESSION or closed). */
  readonly accepted: boolean;
  /** How many buffered dispatches were replayed before RESUMED. */
  readonly replayed: number;
  readonly time: number;
}

/** A gateway session (what a RESUME continues). */
export interface GatewaySession {
  readonly id: string;
  readonly shard: readonly [number, number];
  readonly intents: number;
  /** Last sequence number used. */
  seq: number;
  /** Dispatches sent or queued, for replay on RESUME. */
  readonly buffer: Array<{ s: number; t: string; d: unknown }>;
  /** The connection currently carrying the session, if any. */
  connection: GatewayConnection | null;
  /** Set when Discord would have forgotten the session (non-resumable close, op 9 false, client 1000). */
  invalidated: boolean;
}

/** One WebSocket connection to the fake gateway. */
export interface GatewayConnection {
  readonly id: number;
  readonly socket: WebSocket;
  /** Request path and query, e.g. `/gateway?v=10&encoding=json`. */
  readonly url: string;
  /** The session identified or resumed on this connection. */
  session: GatewaySession | null;
  heartbeats: number;
  /** Close code once closed (1006 when the TCP socket dropped). */
  closeCode: number | null;
}

/** What {@link Gateway.dispatch} did with an event. */
export interface DispatchResult {
  readonly shard: number;
  readonly sessionId: string;
  readonly sequence: number;
  /** False when the session had no live connection: the event waits in the buffer for a RESUME. */
  readonly delivered: boolean;
}

/** Selects the connections a fault applies to: those of one shard, or all of them. */
export interface ShardSelector {
  /** Shard id; all connections when omitted. */
  readonly shard?: number;
}

/** What the gateway needs from the fake. */
export interface GatewayOptions {
  readonly token: string;
  readonly heartbeatIntervalMs: number;
  readonly botUser: APIUser;
  readonly applicationId: string;
  readonly guilds: readonly FakeGuild[];
  /** Privileged intents the application is allowed (others close with 4014). */
  readonly allowedPrivilegedIntents: number;
  /** Base WebSocket URL, known once the server listens. */
  readonly baseUrl: () => string;
  readonly changes: Changes;
  readonly log: (line: string) => void;
}

/** Shard index of a guild for `count` shards: `(guild_id >> 22) % count`. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(Math.max(1, count)));
}

/** The fake gateway server. Create through {@link FakeDiscord}; it shares the HTTP server's port. */
export class Gateway {
  /** Every frame in and out, in order. */
  readonly frames: GatewayFrame[] = [];
  /** Every accepted IDENTIFY. */
  readonly identifies: IdentifyRecord[] = [];
  /** Every RESUME received. */
  readonly resumes: ResumeRecord[] = [];
  /** Every connection ever opened. */
  readonly connections: GatewayConnection[] = [];
  /** Sessions by id, including ended ones. */
  readonly sessions = new Map<string, GatewaySession>();
  /** Events dispatched while their shard's session had ended; Discord drops those. */
  readonly dropped: Array<{ t: string; d: unknown; shard: number }> = [];
  /** Whether heartbeats get an op 11 ACK; turn off to make discord.js detect a zombie connection. */
  ackHeartbeats = true;

  readonly #options: GatewayOptions;
  readonly #server = new WebSocketServer({ noServer: true });
  #nextConnectionId = 1;

  constructor(options: GatewayOptions) {
    this.#options = options;
  }

  /** URL announced by `GET /gateway/bot`. */
  get url(): string {
    return `${this.#options.baseUrl()}/gateway`;
  }

  /** URL announced as `resume_gateway_url`; distinct so tests can see discord.js resume there. */
  get resumeUrl(): string {
    return `${this.#options.baseUrl()}/gateway/resume`;
  }

  /** Shard count of the most recent IDENTIFY (1 before any). */
  get shardCount(): number {
    return this.identifies.at(-1)?.shard[1] ?? 1;
  }

  /** Takes over an HTTP upgrade whose path starts with `/gateway`. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#server.handleUpgrade(request, socket, head, (ws) => {
      this.#onConnection(ws, request.url ?? '/gateway');
    });
  }

  /** The session currently owning shard `shard` (the newest one identified for it), if any. */
  sessionOf(shard: number): GatewaySession | undefined {
    let found: GatewaySession | undefined;
    for (const session of this.sessions.values()) {
      if (session.shard[0] === shard && session.shard[1] === this.shardCount) found = session;
    }
    return found;
  }

  /** Sessions that are not ended and have a live connection. */
  liveSessions(): GatewaySession[] {
    return [...this.sessions.values()].filter(
      (session) =>
        !session.invalidated && session.connection !== null && session.connection.closeCode === null,
    );
  }

  /**
   * Sends a dispatch (op 0) with the session's next sequence number. When the session has no live
   * connection the event is only buffered and goes out on RESUME, as Discord does.
   * @throws when no session was ever identified for the shard (the test dispatched too early).
   */
  dispatch(t: string, d: unknown, shard: number): DispatchResult {
    const session = this.sessionOf(shard);
    if (!session) {
      throw new Error(
        `no gateway session for shard ${shard}/${this.shardCount}; wait for the client to be ready before dispatching ${t}`,
      );
    }
    if (session.invalidated) {
      this.dropped.push({ t, d, shard });
      this.#options.log(`gateway: dropped ${t} for ended session ${session.id}`);
      this.#options.changes.notify();
      return { shard, sessionId: session.id, sequence: session.seq, delivered: false };
    }
    const s = this.#queue(session, t, d);
    const connection = session.connection;
    const delivered = connection !== null && connection.closeCode === null;
    if (delivered) this.#send(connection, { op: Op.Dispatch, t, s, d });
    this.#options.changes.notify();
    return { shard, sessionId: session.id, sequence: s, delivered };
  }

  /** Closes connections with `code`; codes in {@link SESSION_ENDING_CLOSE_CODES} also end their sessions. */
  async closeConnections(code: number, options: ShardSelector & { reason?: string } = {}): Promise<void> {
    const targets = this.#select(options);
    await Promise.all(
      targets.map((connection) => {
        if (SESSION_ENDING_CLOSE_CODES.has(code) && connection.session) connection.session.invalidated = true;
        return this.#closeAndWait(connection, code, options.reason ?? '');
      }),
    );
  }

  /** Drops the TCP connections without a close frame (the client sees 1006 and resumes). */
  terminate(options: ShardSelector = {}): void {
    for (const connection of this.#select(options)) connection.socket.terminate();
  }

  /** Sends op 7 RECONNECT: the client should reconnect and RESUME. */
  sendReconnect(options: ShardSelector = {}): void {
    for (const connection of this.#select(options)) this.#send(connection, { op: Op.Reconnect, d: null });
  }

  /**
   * Sends op 9 INVALID_SESSION. With `resumable` the client may RESUME on the same connection;
   * without, the session ends and the client must IDENTIFY again.
   */
  sendInvalidSession(resumable: boolean, options: ShardSelector = {}): void {
    for (const connection of this.#select(options)) {
      if (connection.session) {
        if (!resumable) connection.session.invalidated = true;
        connection.session.connection = null;
        connection.session = null;
      }
      this.#send(connection, { op: Op.InvalidSession, d: resumable });
    }
  }

  /** Sends op 1 HEARTBEAT: the client must answer with a heartbeat at once. */
  requestHeartbeat(options: ShardSelector = {}): void {
    for (const connection of this.#select(options)) this.#send(connection, { op: Op.Heartbeat, d: null });
  }

  /** Closes every connection abruptly and stops accepting new ones. */
  close(): void {
    for (const connection of this.connections) {
      if (connection.closeCode === null) connection.socket.terminate();
    }
    this.#server.close();
  }

  #select({ shard }: ShardSelector): GatewayConnection[] {
    return this.connections.filter(
      (connection) =>
        connection.closeCode === null && (shard === undefined || connection.session?.shard[0] === shard),
    );
  }

  #closeAndWait(connection: GatewayConnection, code: number, reason: string): Promise<void> {
    return new Promise((resolve) => {
      if (connection.socket.readyState === WebSocket.CLOSED) {
        resolve();
        return;
      }
      // A client that never answers the close frame would hang the test; cut it after a while.
      const timer = setTimeout(() => connection.socket.terminate(), 2000);
      connection.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      connection.socket.close(code, reason);
    });
  }

  #onConnection(socket: WebSocket, url: string): void {
    const connection: GatewayConnection = {
      id: this.#nextConnectionId++,
      socket,
      url,
      session: null,
      heartbeats: 0,
      closeCode: null,
    };
    this.connections.push(connection);
    this.#options.log(`gateway: connection #${connection.id} ${url}`);
    socket.on('message', (data, isBinary) => {
      this.#onMessage(connection, data, isBinary);
    });
    socket.on('close', (code) => {
      connection.closeCode = code;
      const session = connection.session;
      if (session && session.connection === connection) {
        session.connection = null;
        // Discord ends a session when the client closes normally (discord.js resumes with 4200).
        if (code === 1000 || code === 1001) session.invalidated = true;
      }
      this.#options.log(`gateway: connection #${connection.id} closed ${code}`);
      this.#options.changes.notify();
    });
    socket.on('error', (error) => {
      this.#options.log(`gateway: connection #${connection.id} error ${error.message}`);
    });

    const query = new URL(url, 'http://fake').searchParams;
    if (query.get('v') !== '10') {
      socket.close(4012, 'Invalid API version.');
      return;
    }
    if ((query.get('encoding') ?? 'json') !== 'json') {
      socket.close(4002, 'Error while decoding payload.');
      return;
    }
    this.#send(connection, { op: Op.Hello, d: { heartbeat_interval: this.#options.heartbeatIntervalMs } });
    this.#options.changes.notify();
  }

  #onMessage(connection: GatewayConnection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary frame');
      payload = JSON.parse(data.toString()) as { op?: unknown; d?: unknown };
    } catch {
      connection.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    this.frames.push({ direction: 'in', connectionId: connection.id, op, d: payload.d, time: Date.now() });
    switch (op) {
      case Op.Heartbeat:
        connection.heartbeats += 1;
        if (this.ackHeartbeats) this.#send(connection, { op: Op.HeartbeatAck });
        break;
      case Op.Identify:
        this.#onIdentify(connection, payload.d);
        break;
      case Op.Resume:
        this.#onResume(connection, payload.d);
        break;
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
      case Op.RequestSoundboardSounds:
        if (!connection.session) connection.socket.close(4003, 'Not authenticated.');
        break;
      default:
        connection.socket.close(4001, 'Unknown opcode.');
    }
    this.#options.changes.notify();
  }

  #onIdentify(connection: GatewayConnection, d: unknown): void {
    const data = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
    if (connection.session) {
      connection.socket.close(4005, 'Already authenticated.');
      return;
    }
    if (data.token !== this.#options.token) {
      connection.socket.close(4004, 'Authentication failed.');
      return;
    }
    const intents = data.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0) {
      connection.socket.close(4013, 'Invalid intent(s).');
      return;
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.#options.allowedPrivilegedIntents) !== 0) {
      connection.socket.close(4014, 'Disallowed intent(s).');
      return;
    }
    const rawShard = Array.isArray(data.shard) ? data.shard : [0, 1];
    const [shardId, shardCount] = rawShard as [unknown, unknown];
    if (
      typeof shardId !== 'number' ||
      typeof shardCount !== 'number' ||
      shardCount < 1 ||
      shardId < 0 ||
      shardId >= shardCount
    ) {
      connection.socket.close(4010, 'Invalid shard.');
      return;
    }
    const shard = [shardId, shardCount] as const;
    // A new session replaces whatever this shard had before.
    for (const previous of this.sessions.values()) {
      if (previous.shard[0] === shardId) previous.invalidated = true;
    }
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      shard,
      intents,
      seq: 0,
      buffer: [],
      connection,
      invalidated: false,
    };
    this.sessions.set(session.id, session);
    connection.session = session;
    this.identifies.push({
      connectionId: connection.id,
      sessionId: session.id,
      shard,
      intents,
      properties: data.properties,
      compress: data.compress,
      largeThreshold: data.large_threshold,
      presence: data.presence,
      time: Date.now(),
    });
    this.#options.log(
      `gateway: IDENTIFY shard [${shard.join(',')}] intents ${intents} → session ${session.id}`,
    );

    const guilds = this.#options.guilds.filter((guild) => shardOfGuild(guild.id, shardCount) === shardId);
    const ready = {
      v: 10,
      user: this.#options.botUser,
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.resumeUrl,
      shard,
      application: readyApplication(this.#options.applicationId),
      session_type: 'normal',
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['rotterdam', 'madrid', 'milan', 'frankfurt', 'bucharest'],
      user_settings: {},
      auth_session_id_hash: randomBytes(24).toString('base64'),
      _trace: ['["fake-discord-gateway",{"micros":0}]'],
    };
    this.#send(connection, {
      op: Op.Dispatch,
      t: 'READY',
      s: this.#queue(session, 'READY', ready),
      d: ready,
    });
    // GUILD_CREATE belongs to the Guilds intent: a session without it only sees READY's list.
    if ((intents & GUILDS_INTENT) === 0) return;
    for (const guild of guilds) {
      this.#send(connection, {
        op: Op.Dispatch,
        t: 'GUILD_CREATE',
        s: this.#queue(session, 'GUILD_CREATE', guild.payload),
        d: guild.payload,
      });
    }
  }

  #onResume(connection: GatewayConnection, d: unknown): void {
    const data = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
    const sessionId = typeof data.session_id === 'string' ? data.session_id : '';
    const seq = typeof data.seq === 'number' ? data.seq : null;
    const session = this.sessions.get(sessionId);
    const record = (accepted: boolean, replayed = 0) => {
      this.resumes.push({
        connectionId: connection.id,
        sessionId,
        seq,
        shard: session?.shard ?? null,
        accepted,
        replayed,
        time: Date.now(),
      });
    };
    if (data.token !== this.#options.token) {
      record(false);
      connection.socket.close(4004, 'Authentication failed.');
      return;
    }
    if (connection.session) {
      record(false);
      connection.socket.close(4005, 'Already authenticated.');
      return;
    }
    if (!session || session.invalidated) {
      record(false);
      this.#send(connection, { op: Op.InvalidSession, d: false });
      return;
    }
    if (seq !== null && seq > session.seq) {
      record(false);
      session.invalidated = true;
      connection.socket.close(4007, 'Invalid seq.');
      return;
    }
    const oldest = session.buffer[0]?.s ?? session.seq + 1;
    if ((seq ?? 0) + 1 < oldest) {
      // The backlog no longer reaches back to what the client saw: it must start over.
      record(false);
      session.invalidated = true;
      this.#send(connection, { op: Op.InvalidSession, d: false });
      return;
    }
    // A client resuming from a new socket means the old one is dead to it; Discord drops it too.
    const previous = session.connection;
    if (previous && previous !== connection && previous.closeCode === null) previous.socket.terminate();
    session.connection = connection;
    connection.session = session;
    const missed = session.buffer.filter((event) => event.s > (seq ?? 0));
    for (const event of missed)
      this.#send(connection, { op: Op.Dispatch, t: event.t, s: event.s, d: event.d });
    const resumed = { _trace: ['["fake-discord-gateway",{"micros":0}]'] };
    this.#send(connection, {
      op: Op.Dispatch,
      t: 'RESUMED',
      s: this.#queue(session, 'RESUMED', resumed),
      d: resumed,
    });
    record(true, missed.length);
    this.#options.log(`gateway: RESUME ${session.id} from seq ${seq}, replayed ${missed.length}`);
  }

  #queue(session: GatewaySession, t: string, d: unknown): number {
    session.seq += 1;
    session.buffer.push({ s: session.seq, t, d });
    if (session.buffer.length > BUFFER_LIMIT) session.buffer.shift();
    return session.seq;
  }

  #send(connection: GatewayConnection, payload: { op: number; d?: unknown; t?: string; s?: number }): void {
    const frame = { op: payload.op, d: payload.d ?? null, s: payload.s ?? null, t: payload.t ?? null };
    this.frames.push({ direction: 'out', connectionId: connection.id, ...frame, time: Date.now() });
    if (connection.socket.readyState === WebSocket.OPEN) connection.socket.send(JSON.stringify(frame));
  }
}
