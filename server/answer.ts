import type http from 'node:http';

/**
 * A whole answer of the server's own (an error, a short text), never cached. A body the client is still sending is
 * not drained byte by byte to keep the connection: the connection closes instead.
 */
export function answer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  headers: http.OutgoingHttpHeaders,
  body: string,
): void {
  const all: http.OutgoingHttpHeaders = {
    ...headers,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  };
  if (!req.complete) all.Connection = 'close';
  res.writeHead(status, all);
  res.end(req.method === 'HEAD' ? undefined : body);
}
