import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ApiError } from '../platform/errors.ts';
import { problemBody } from '../platform/http/problem.ts';
import { negotiateLanguage } from '../platform/problems/language.ts';

/**
 * Request bodies the Node host answers itself, before the app, so the client always reads the
 * answer instead of a reset:
 * - a Content-Length over the body limit: 413, sent only once the body has been read to the end.
 *   Answering while the client is still sending, then closing, makes the kernel reset the
 *   connection over the unread bytes, and the client sees the reset instead of the 413 (half of
 *   the 1 MB requests did, in the issue that asked for this). With `Expect: 100-continue` the 413
 *   goes out at once and nothing is sent at all.
 * - a body without a Content-Length (chunked) to the API: 411. Its size is unknown until it has
 *   all arrived, so it could only be refused halfway through; browsers and phones send a length.
 * Both say `Connection: close`, so the client opens a new connection for its next request.
 * Reading is bounded: past MAX_DRAIN_BYTES or MAX_DRAIN_MS the answer goes out anyway and the
 * connection is ended (a client sending that much to a JSON API is not one to wait for).
 */
const MAX_DRAIN_BYTES = 32 * 1024 * 1024;
const MAX_DRAIN_MS = 10_000;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

function answer(req: IncomingMessage, res: ServerResponse, error: ApiError): void {
  const requestId = crypto.randomUUID();
  const lang = negotiateLanguage(req.headers['accept-language']);
  const body = JSON.stringify(problemBody(error, lang, requestId));
  res.writeHead(error.status, {
    'content-type': 'application/problem+json',
    'content-language': lang,
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
    connection: 'close',
  });
  res.end(body);
}

/** The answer this host gives a request's body itself, or null when the app may have it. */
function refusal(req: IncomingMessage, limit: number): ApiError | null {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return new ApiError('payload_too_large', { params: { limit } });
  const chunked = req.headers['transfer-encoding'] !== undefined && req.headers['content-length'] === undefined;
  if (chunked && req.url?.startsWith('/api/')) return new ApiError('length_required');
  return null;
}

/** Reads (and drops) the rest of the body, bounded, then answers. */
function drainThenAnswer(req: IncomingMessage, res: ServerResponse, error: ApiError): void {
  let read = 0;
  let answered = false;
  const done = () => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    answer(req, res, error);
  };
  const timer = setTimeout(done, MAX_DRAIN_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > MAX_DRAIN_BYTES) done();
  });
  req.on('end', done);
  req.on('error', done);
}

/** The host's request listener in front of the app's (`next`), and its Expect: 100-continue handler. */
export function guardBodies(server: Server, limit: number, next: Listener): Listener {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const refused = refusal(req, limit);
    if (refused) return answer(req, res, refused); // the client has sent no body yet: nothing to drain
    res.writeContinue();
    next(req, res);
  });
  return (req, res) => {
    const refused = refusal(req, limit);
    if (refused) drainThenAnswer(req, res, refused);
    else next(req, res);
  };
}
