/**
 * A small `GET /health` server for the gateway mode (one process, or a sharding manager), where
 * no interactions endpoint exists to carry one. The HTTP interactions mode serves its own.
 *
 * @module
 */
import { createServer } from 'node:http';
import { type Client, Status } from 'discord.js';
import type { Logger } from '../logger.js';
import { listenOn } from './listen.js';

/** What a health check answers: `healthy` picks 200 or 503, `body` is sent as JSON. */
export interface HealthAnswer {
  healthy: boolean;
  body: Record<string, unknown>;
}

/** A running health server. */
export interface HealthServer {
  /** `http://host:port`. */
  url: string;
  close(): Promise<void>;
}

/** Options of {@link startHealthServer}. */
export interface HealthServerOptions {
  host: string;
  port: number;
  logger: Logger;
  /** Computes the report at each request; a rejection answers 503. */
  report(): Promise<HealthAnswer> | HealthAnswer;
}

/** Serves `GET /health` (and `HEAD`) only; everything else is 404. */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const { logger } = options;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(text)),
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    if (path !== '/health' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      send(404, { error: 'Not found' });
      return;
    }
    Promise.resolve()
      .then(() => options.report())
      .then(
        (answer) => send(answer.healthy ? 200 : 503, answer.body),
        (error: unknown) => {
          logger.warn({ err: error }, 'health report failed');
          send(503, { status: 'unknown' });
        },
      );
  });
  server.requestTimeout = 5000;
  server.headersTimeout = 5000;
  const { url } = await listenOn(server, options.port, options.host);
  logger.info({ url: `${url}/health` }, 'health endpoint listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The health of a single gateway process (no sharding manager): each of its shards' status and
 * latency; healthy when the client is ready and every shard is.
 */
export function clientHealth(client: Client): HealthAnswer {
  const shards = client.ws.shards.map((shard) => ({
    id: shard.id,
    status: Status[shard.status] ?? String(shard.status),
    ping: shard.ping,
  }));
  const healthy = client.isReady() && client.ws.shards.every((shard) => shard.status === Status.Ready);
  return {
    healthy,
    body: {
      status: healthy ? 'ok' : 'degraded',
      mode: 'gateway',
      guilds: client.guilds.cache.size,
      shards,
    },
  };
}
