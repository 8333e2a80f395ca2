import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Collected } from '../lib/collect-files';
import { fileProblem, sessionFolderName, type FileRequest } from '../s3/file-request-link';
import { contentTypeFor } from '../s3/upload/content-type';
import { SpeedMeter } from '../s3/upload/speed';
import { explainRefusal, type Refusal } from './drop-refusal';

export type DropState = 'waiting' | 'sending' | 'done' | 'failed' | 'cancelled' | 'refused';

export interface DropItem {
  id: number;
  /** As picked: "photo.jpg", "folder/sub/a.txt". */
  path: string;
  file: File;
  key: string;
  contentType: string;
  state: DropState;
  loaded: number;
  /** Bytes per second, while sending. */
  speed: number;
  refusal?: Refusal;
}

/** Files sent at once: big files fill the line alone; a few in flight hide the round trips of small ones. */
const IN_FLIGHT = 3;

// The sender (and the S3 error texts it brings) loads with the first file: the page shows sooner without it.
const loadSender = () => import('../s3/upload/xhr-send');

/**
 * The drop page's uploads: each file one form POST under the link's policy, with progress, speed, Cancel and
 * Retry. Limits are checked before a byte is sent; RGW checks them again from the signed policy.
 */
export function useDropUploads(request: FileRequest) {
  // One visit, one folder: files dropped later in the same visit land next to the first ones.
  const folder = useMemo(
    () => request.prefix + (request.sessionFolders ? sessionFolderName(new Date()) : ''),
    [request],
  );
  const items = useRef<DropItem[]>([]);
  const controllers = useRef(new Map<number, AbortController>());
  const meters = useRef(new Map<number, SpeedMeter>());
  const nextId = useRef(1);
  // The list drawn: the latest items, at most once a frame (progress events come every few milliseconds).
  const [shown, setShown] = useState<DropItem[]>([]);
  const redraw = useCallback(() => setShown(items.current), []);
  const frame = useRef(0);
  const scheduleRedraw = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      redraw();
    });
  }, [redraw]);

  const update = useCallback(
    (id: number, change: Partial<DropItem>) => {
      items.current = items.current.map((item) => (item.id === id ? { ...item, ...change } : item));
      scheduleRedraw();
    },
    [scheduleRedraw],
  );

  const pump = useCallback(() => {
    let sending = items.current.filter((item) => item.state === 'sending').length;
    for (const item of items.current) {
      if (sending >= IN_FLIGHT) break;
      if (item.state !== 'waiting') continue;
      sending++;
      void send(item);
    }

    async function send(item: DropItem) {
      const controller = new AbortController();
      const meter = new SpeedMeter();
      controllers.current.set(item.id, controller);
      meters.current.set(item.id, meter);
      update(item.id, { state: 'sending', loaded: 0, speed: 0, refusal: undefined });
      let last = 0;
      try {
        const { xhrSend } = await loadSender();
        await xhrSend({
          url: request.url,
          form: { ...request.fields, key: item.key, 'Content-Type': item.contentType },
          formProgress: true,
          body: item.file,
          signal: controller.signal,
          onProgress: (loaded) => {
            const now = performance.now();
            meter.add(now, loaded - last);
            last = loaded;
            update(item.id, { loaded, speed: meter.rate(now) });
          },
        });
        update(item.id, { state: 'done', loaded: item.file.size, speed: 0 });
      } catch (error) {
        const refusal = explainRefusal(error, request, window.location.origin);
        const cancelled = (error as { name?: string })?.name === 'AbortError';
        update(item.id, { state: cancelled ? 'cancelled' : 'failed', speed: 0, refusal });
      } finally {
        controllers.current.delete(item.id);
        meters.current.delete(item.id);
        pump();
      }
    }
  }, [request, update]);

  const add = useCallback(
    (collected: Collected) => {
      const added: DropItem[] = [];
      for (const { path, file } of collected.files) {
        const key = folder + path;
        const contentType = contentTypeFor(file.name, file.type);
        const problem = fileProblem(request, key, file.size, contentType);
        added.push({
          id: nextId.current++,
          path,
          file,
          key,
          contentType,
          state: problem ? 'refused' : 'waiting',
          loaded: 0,
          speed: 0,
          refusal: problem ? { message: problem, retry: false } : undefined,
        });
      }
      for (const { path, message } of collected.problems) {
        added.push({
          id: nextId.current++,
          path,
          file: new File([], path),
          key: '',
          contentType: '',
          state: 'refused',
          loaded: 0,
          speed: 0,
          refusal: { message: `The browser could not read it: ${message}`, retry: false },
        });
      }
      items.current = [...items.current, ...added];
      scheduleRedraw();
      pump();
    },
    [folder, request, pump, scheduleRedraw],
  );

  const cancel = useCallback(
    (id: number) => {
      const controller = controllers.current.get(id);
      if (controller) return controller.abort();
      items.current = items.current.map((item) =>
        item.id === id && item.state === 'waiting' ? { ...item, state: 'cancelled' } : item,
      );
      redraw();
    },
    [redraw],
  );

  const retry = useCallback(
    (id: number) => {
      update(id, { state: 'waiting', loaded: 0, refusal: undefined });
      pump();
    },
    [update, pump],
  );

  useEffect(() => {
    const all = controllers.current;
    return () => {
      for (const controller of all.values()) controller.abort();
      cancelAnimationFrame(frame.current);
    };
  }, []);

  return { items: shown, folder, add, cancel, retry };
}
