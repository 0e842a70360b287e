import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { listenOn } from '../../src/http/listen.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});
const server = () => {
  const created = createServer();
  servers.push(created);
  return created;
};

describe('listenOn', () => {
  it('resolves with the address bound', async () => {
    const { address, url } = await listenOn(server(), 0, '127.0.0.1');
    expect(address.address).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    expect(url).toBe(`http://127.0.0.1:${address.port}`);
  });

  it('names PORT when the port is taken', async () => {
    const { port } = (await listenOn(server(), 0, '127.0.0.1')).address;
    const failure = listenOn(server(), port, '127.0.0.1');
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(
      `PORT=${port} is already in use on 127.0.0.1: stop what listens there, or choose another PORT`,
    );
  });

  it('names HTTP_HOST when the host is not one', async () => {
    const failure = listenOn(server(), 0, 'not a host');
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(
      /HTTP_HOST=not a host is not an address of this machine \(E[A-Z_]+\)/u,
    );
  });
});
