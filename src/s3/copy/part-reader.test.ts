import { describe, expect, it } from 'vitest';
import { partsOf } from './part-reader';

function streamOf(chunks: number[]): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let index = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index >= chunks.length) return controller.close();
      const size = chunks[index];
      controller.enqueue(Uint8Array.from({ length: size }, (_, i) => (index * 7 + i) % 251));
      index++;
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

async function collect(stream: ReadableStream<Uint8Array>, partSize: number) {
  const parts: Blob[] = [];
  for await (const part of partsOf(stream, partSize)) parts.push(part);
  return parts;
}

describe('partsOf', () => {
  it('cuts chunks of any size into equal parts, the last one shorter, keeping every byte in order', async () => {
    const sizes = [3, 10, 1, 7, 20, 2];
    const whole = new Uint8Array(await new Response(streamOf(sizes).stream).arrayBuffer());
    const parts = await collect(streamOf(sizes).stream, 8);
    expect(parts.map((p) => p.size)).toEqual([8, 8, 8, 8, 8, 3]);
    const joined = new Uint8Array(await new Blob(parts).arrayBuffer());
    expect(joined).toEqual(whole);
  });

  it('gives exact parts with no empty tail, and nothing for an empty stream', async () => {
    expect((await collect(streamOf([4, 4]).stream, 4)).map((p) => p.size)).toEqual([4, 4]);
    expect(await collect(streamOf([]).stream, 4)).toEqual([]);
  });

  it('cancels the download when the caller stops early', async () => {
    const source = streamOf([5, 5, 5, 5]);
    for await (const part of partsOf(source.stream, 5)) {
      expect(part.size).toBe(5);
      break;
    }
    expect(source.cancelled()).toBe(true);
  });
});
