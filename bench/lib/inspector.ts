/**
 * Asks a bot process started with `--inspect` for its memory, before and after a full garbage
 * collection, through the DevTools protocol: it tells memory the bot keeps from garbage V8 has
 * not collected yet, without changing the bot.
 *
 * @module
 */
import { once } from 'node:events';
import WebSocket from 'ws';

/** `process.memoryUsage()` of the bot, bytes. */
export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

interface ProtocolReply {
  id?: number;
  result?: { result?: { value?: unknown } };
  error?: { message: string };
}

/** Memory of the inspected process now and after `HeapProfiler.collectGarbage`. */
export async function memoryThroughInspector(
  url: string,
): Promise<{ before: MemoryUsage; afterGc: MemoryUsage }> {
  const socket = new WebSocket(url);
  await once(socket, 'open');
  let next = 0;
  const pending = new Map<number, (reply: ProtocolReply) => void>();
  socket.on('message', (data: WebSocket.RawData) => {
    const reply = JSON.parse(data.toString()) as ProtocolReply;
    if (reply.id !== undefined) pending.get(reply.id)?.(reply);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<ProtocolReply>((resolve, reject) => {
      next += 1;
      const id = next;
      pending.set(id, (reply) =>
        reply.error === undefined ? resolve(reply) : reject(new Error(reply.error.message)),
      );
      socket.send(JSON.stringify({ id, method, params }));
    });
  const usage = async () => {
    const reply = await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    return JSON.parse(String(reply.result?.result?.value)) as MemoryUsage;
  };
  try {
    const before = await usage();
    await call('HeapProfiler.collectGarbage');
    const afterGc = await usage();
    return { before, afterGc };
  } finally {
    socket.close();
  }
}
