/**
 * Binding a port as an operator reads it: a port in use or a host that is not one is a mistake in
 * `PORT` or `HTTP_HOST`, reported as the configuration problem it is, not as a crash.
 *
 * @module
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../config.js';

/** Why binding failed, in the words of the variables that decide it. */
function problemOf(error: NodeJS.ErrnoException, port: number, host: string): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `PORT=${port} is already in use on ${host}: stop what listens there, or choose another PORT`;
    case 'EACCES':
      return `PORT=${port} needs privileges on ${host}: choose a port above 1023`;
    case 'EAI_AGAIN':
      return `HTTP_HOST=${host} could not be resolved just now (EAI_AGAIN): check the name server, or use an IP address`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_FAIL':
      return `HTTP_HOST=${host} is not an address of this machine (${error.code}): use 0.0.0.0, 127.0.0.1 or one of its addresses`;
    default:
      return `cannot listen on HTTP_HOST=${host}, PORT=${port}: ${error.message}`;
  }
}

/**
 * Starts `server` on `port` and `host`.
 *
 * @returns the address bound (port 0 picks a free one) and its `http://host:port` URL.
 * @throws {ConfigError} naming `PORT` or `HTTP_HOST` when the system refuses them.
 */
export function listenOn(
  server: Server,
  port: number,
  host: string,
): Promise<{ address: AddressInfo; url: string }> {
  return new Promise((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => reject(new ConfigError([problemOf(error, port, host)]));
    server.once('error', refuse);
    server.listen(port, host, () => {
      server.off('error', refuse);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ address, url: `http://${shownHost}:${address.port}` });
    });
  });
}
