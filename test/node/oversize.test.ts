import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardBodies } from '../../src/node/oversize.ts';
import { createWorld, type TestWorld } from '../support/harness.ts';

/**
 * The Node host's answer to a body over the limit, over a real socket: the whole 413 arrives,
 * with Connection: close, and the connection then ends cleanly (no reset the client sees first);
 * the next request, on a new connection, works.
 */
let world: TestWorld;
let server: Server;
let port: number;

beforeAll(async () => {
  world = await createWorld();
  server = createServer();
  server.on('request', guardBodies(server, world.deps.limits.bodyBytes, getRequestListener(world.app.fetch)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.close();
  await world?.close();
});

/** Sends raw HTTP/1.1 and resolves with everything the server sent, once it closed the connection. */
function exchange(head: string, body: Buffer): Promise<{ text: string; error: Error | null }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: Error | null = null;
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e) => {
      error = e;
    });
    socket.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), error }));
    socket.write(head);
    // In 64 KiB pieces, as a phone on a slow link would: the server answers while bytes still come.
    for (let at = 0; at < body.length; at += 65536) socket.write(body.subarray(at, at + 65536));
  });
}

describe('a body over the limit on the Node host', () => {
  it('gets its whole 413 with Connection: close, then a clean end, every time', async () => {
    const body = Buffer.alloc(1024 * 1024, 'a');
    for (let i = 0; i < 20; i++) {
      const head = `POST /api/v1/places HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nAccept-Language: en\r\n\r\n`;
      const { text, error } = await exchange(head, body);
      expect(error, `attempt ${i}: ${error?.message}`).toBeNull();
      const [headers = '', payload = ''] = text.split('\r\n\r\n');
      expect(headers).toMatch(/^HTTP\/1\.1 413 /);
      expect(headers.toLowerCase()).toContain('connection: close');
      expect(headers.toLowerCase()).toContain('content-type: application/problem+json');
      const problem = JSON.parse(payload);
      expect(problem).toMatchObject({ status: 413, code: 'payload_too_large', params: { limit: world.deps.limits.bodyBytes } });
      expect(problem.detail).toContain(`${world.deps.limits.bodyBytes} bytes`);
    }
  });

  it('leaves the server answering the next request on a new connection', async () => {
    const { text, error } = await exchange('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', Buffer.alloc(0));
    expect(error).toBeNull();
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain('"status":"ok"');
  });

  it('answers Expect: 100-continue over the limit with the 413 at once, before any body is sent', async () => {
    const head = `POST /api/v1/places HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5242880\r\nExpect: 100-continue\r\n\r\n`;
    const { text, error } = await exchange(head, Buffer.alloc(0));
    expect(error).toBeNull();
    expect(text).not.toContain('100 Continue');
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text.toLowerCase()).toContain('connection: close');
  });

  it('refuses a chunked body to the API with 411 (its size is unknown until it has all arrived), cleanly', async () => {
    const chunk = Buffer.from('{"name":"x"}');
    const body = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n0\r\n\r\n')]);
    const head = `POST /api/v1/places HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const { text, error } = await exchange(head, body);
    expect(error).toBeNull();
    expect(text).toMatch(/^HTTP\/1\.1 411 /);
    expect(text).toContain('"code":"length_required"');
  });

  it('passes a body within the limit on to the app', async () => {
    const body = Buffer.from(JSON.stringify({ tenant: 'demo-a', username: 'nobody-here', password: 'wrong-password' }));
    const head = `POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const { text } = await exchange(head, body);
    expect(text).toMatch(/^HTTP\/1\.1 401 /);
    expect(text).toContain('invalid_credentials');
  });
});
