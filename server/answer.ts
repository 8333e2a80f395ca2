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

/**
 * A batch's answer, one line of JSON per request, each written as its request ends (the page reads them as they
 * come). The lines ready in one turn of the event loop go down as one write: writes to sockets are the largest part
 * of this server's CPU. Nothing is written once `gone` says the page left.
 */
export function lineAnswer(
  res: http.ServerResponse,
  gone: () => boolean,
): { send: (line: object) => void; end: () => void } {
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' });
  let lines = '';
  const flush = () => {
    if (lines && !gone()) res.write(lines);
    lines = '';
  };
  return {
    send(line) {
      if (!lines) setImmediate(flush);
      lines += `${JSON.stringify(line)}\n`;
    },
    end() {
      flush();
      res.end();
    },
  };
}
