import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP relay that can stall: while stalled it keeps every connection open but delivers no byte
 * either way (they wait, as TCP retransmits over a path that drops packets, and arrive once it
 * resumes). Nothing is closed or refused, so only a client's own timeouts notice.
 */
export async function startStallingProxy(upstream: { host: string; port: number }) {
  const held: { to: Socket; chunk: Buffer }[] = [];
  const sockets = new Set<Socket>();
  let stalled = false;
  const relay = (from: Socket, to: Socket) =>
    from.on('data', (chunk: Buffer) => {
      if (stalled) held.push({ to, chunk });
      else to.write(chunk);
    });
  const server = createServer((client) => {
    const upstreamSocket = createConnection(upstream);
    const drop = () => {
      for (const s of [client, upstreamSocket]) {
        sockets.delete(s);
        s.destroy();
      }
    };
    for (const s of [client, upstreamSocket]) {
      sockets.add(s);
      s.on('error', drop).on('close', drop);
    }
    relay(client, upstreamSocket);
    relay(upstreamSocket, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      for (const { to, chunk } of held.splice(0)) if (!to.destroyed) to.write(chunk);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
