/**
 * Local port forwarding (`ssh -L`): a TCP listener on 127.0.0.1 whose connections are carried
 * through the host's pooled SSH connection (`direct-tcpip`, ssh2's forwardOut) to
 * `remoteHost:remotePort` as seen from the host. A dropped SSH connection is reopened by the
 * pool for the next TCP connection; connections open at the time are closed.
 */
import * as net from 'node:net';
import { TrainyardError } from '../errors';
import type { SshConnection } from './connection';

export interface ForwardOptions {
  /** Local port; default: the remote port when it is free here, else any free port. */
  localPort?: number;
  /** Where the host connects to (default 127.0.0.1: a service bound to the host's loopback). */
  remoteHost?: string;
  /** A TCP connection that could not be carried (e.g. nothing listens on the host's port). */
  onError?: (e: Error) => void;
  /** Each TCP connection as it opens. */
  onConnection?: (from: string) => void;
}

export interface PortForward {
  localPort: number;
  /** `http://127.0.0.1:<localPort>/` */
  url: string;
  /** Connections carried so far. */
  readonly count: number;
  close(): Promise<void>;
}

export function validPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

function listen(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => {
      server.removeListener('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      server.removeListener('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

export async function forwardPort(conn: SshConnection, remotePort: number, o: ForwardOptions = {}): Promise<PortForward> {
  if (!validPort(remotePort)) throw new TrainyardError('bad-argument', `${remotePort} is not a TCP port (1-65535)`);
  if (o.localPort !== undefined && o.localPort !== 0 && !validPort(o.localPort)) throw new TrainyardError('bad-argument', `${o.localPort} is not a TCP port (1-65535)`);
  const remoteHost = o.remoteHost ?? '127.0.0.1';
  // Connect first, so host-key and auth problems show before anything listens.
  await conn.connect();
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((sock) => {
    sockets.add(sock);
    count++;
    sock.pause();
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    o.onConnection?.(`${sock.remoteAddress}:${sock.remotePort}`);
    conn.forwardOut(remoteHost, remotePort, { address: sock.remoteAddress ?? '127.0.0.1', port: sock.remotePort ?? 0 }).then(
      (ch) => {
        if (sock.destroyed) {
          ch.close();
          return;
        }
        ch.on('error', () => sock.destroy());
        ch.on('close', () => sock.destroy());
        sock.on('close', () => ch.close());
        sock.pipe(ch);
        ch.pipe(sock);
        sock.resume();
      },
      (e: Error) => {
        sock.destroy();
        o.onError?.(new TrainyardError('host-unreachable', `cannot reach ${remoteHost}:${remotePort} on ${conn.describe()} (is the service listening there?): ${e.message}`, { cause: e }));
      },
    );
  });
  const wanted = o.localPort ?? remotePort;
  try {
    await listen(server, wanted);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (o.localPort !== undefined) {
      throw new TrainyardError('bad-argument', `cannot listen on 127.0.0.1:${o.localPort}: ${code === 'EADDRINUSE' ? 'the port is in use' : (e as Error).message}`, { cause: e });
    }
    // The same port number is taken (or privileged) here: any free one will do.
    await listen(server, 0);
  }
  const localPort = (server.address() as net.AddressInfo).port;
  return {
    localPort,
    url: `http://127.0.0.1:${localPort}/`,
    get count() {
      return count;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
