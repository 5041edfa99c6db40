import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP relay that can stall: while stalled it keeps every connection open but delivers no byte
 * either way (they wait, as TCP retransmits over a path that drops packets, and arrive once it
 * resumes). Nothing is closed or refused, so only a client's own timeouts notice.
 */
export async function startStallingProxy(upstream: { host: string; port: number }) {
  /** Bytes, and ends, waiting for the path to flow again, in the order they were sent. */
  const held: { to: Socket; chunk: Buffer | 'end' }[] = [];
  const sockets = new Set<Socket>();
  let stalled = false;
  /** Stall at the next COMMIT the client sends (a simple-protocol query), holding it. */
  let atCommit = false;
  const deliver = (to: Socket, chunk: Buffer | 'end') => {
    if (to.destroyed) return;
    if (chunk === 'end') to.end();
    else to.write(chunk);
  };
  const send = (to: Socket, chunk: Buffer | 'end') => (stalled ? held.push({ to, chunk }) : deliver(to, chunk));
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstreamSocket = createConnection({ ...upstream, allowHalfOpen: true });
    for (const [from, to] of [
      [client, upstreamSocket],
      [upstreamSocket, client],
    ] as const) {
      sockets.add(from);
      from.on('data', (chunk: Buffer) => {
        if (atCommit && from === client && chunk.includes('commit')) {
          atCommit = false;
          stalled = true;
        }
        send(to, chunk);
      });
      // A side that closes (the host discarding a connection) closes the other only after what it
      // sent before: a COMMIT held by the stall still lands, as it would over a real network.
      from.on('end', () => send(to, 'end'));
      from.on('error', () => {
        from.destroy();
        send(to, 'end');
      });
      from.on('close', () => sockets.delete(from));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    stall() {
      stalled = true;
    },
    /** Flows until the client sends a COMMIT, then stalls with that COMMIT held. */
    stallAtCommit() {
      atCommit = true;
    },
    stalled: () => stalled,
    resume() {
      stalled = false;
      for (const { to, chunk } of held.splice(0)) deliver(to, chunk);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
