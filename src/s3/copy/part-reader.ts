/**
 * Cuts a byte stream into parts of `partSize` (the last one shorter), as Blobs: the stream's chunks are handed to
 * the Blob and let go, so what is held is the parts the caller has not released yet. The caller pulls the next part
 * only when it has room for it, which is what keeps a large object from piling up in memory.
 */
export async function* partsOf(stream: ReadableStream<Uint8Array>, partSize: number): AsyncGenerator<Blob> {
  const reader = stream.getReader();
  let chunks: Uint8Array[] = [];
  let held = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = value;
      while (held + chunk.length >= partSize) {
        const take = partSize - held;
        chunks.push(chunk.subarray(0, take));
        yield new Blob(chunks as BlobPart[]);
        chunks = [];
        held = 0;
        chunk = chunk.subarray(take);
      }
      if (chunk.length) {
        chunks.push(chunk);
        held += chunk.length;
      }
    }
    if (held > 0) yield new Blob(chunks as BlobPart[]);
  } finally {
    // A caller that stops early (cancel, a failed part) must not leave the download running.
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
