import { describe, expect, it } from 'vitest';
import { isRetryable, markPresignExpired, withRetries } from './retry';
import { s3HttpError } from './xhr-send';

describe('isRetryable', () => {
  it('retries network errors, 5xx, throttling and expired URLs, not other 4xx or cancels', () => {
    expect(isRetryable(new TypeError('Failed to fetch'))).toBe(true);
    expect(isRetryable(s3HttpError(503, '<Error><Code>SlowDown</Code></Error>'))).toBe(true);
    expect(isRetryable(s3HttpError(500, ''))).toBe(true);
    expect(isRetryable(s3HttpError(400, '<Error><Code>RequestTimeout</Code></Error>'))).toBe(true);
    expect(isRetryable(s3HttpError(403, '<Error><Code>AccessDenied</Code></Error>'))).toBe(false);
    expect(
      isRetryable(markPresignExpired(s3HttpError(403, '<Error><Code>AccessDenied</Code></Error>'))),
    ).toBe(true);
    expect(isRetryable(s3HttpError(404, '<Error><Code>NoSuchUpload</Code></Error>'))).toBe(false);
    expect(isRetryable(new DOMException('x', 'AbortError'))).toBe(false);
  });
});

describe('withRetries', () => {
  it('tries again after a retryable failure and gives up on a final one', async () => {
    let calls = 0;
    const value = await withRetries(
      async () => {
        if (++calls < 3) throw new TypeError('blip');
        return 'ok';
      },
      { delays: [0, 0, 0] },
    );
    expect([value, calls]).toEqual(['ok', 3]);

    calls = 0;
    const denied = s3HttpError(403, '<Error><Code>AccessDenied</Code><Message>No &amp; no</Message></Error>');
    await expect(
      withRetries(
        async () => {
          calls++;
          throw denied;
        },
        { delays: [0, 0] },
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied', message: 'No & no' });
    expect(calls).toBe(1);
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    const run = withRetries(
      async () => {
        throw new TypeError('down');
      },
      { delays: [60_000], signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 10);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
