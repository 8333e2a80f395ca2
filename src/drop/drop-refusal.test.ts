import { describe, expect, it } from 'vitest';
import { s3HttpError } from '../s3/upload/xhr-send';
import { explainRefusal } from './drop-refusal';

// RGW 16's answers to policy violations (status, code, message), as listed in the shared verified facts.
const answer = (status: number, code: string, message = '') =>
  s3HttpError(status, `<Error><Code>${code}</Code>${message ? `<Message>${message}</Message>` : ''}</Error>`);
const images = { contentType: { startsWith: 'image/' } };
const explain = (error: unknown) => explainRefusal(error, images, 'https://files.example.com');

describe('why an upload from the drop page failed', () => {
  it('an expired policy', () => {
    expect(explain(answer(403, 'AccessDenied', 'Policy expired'))).toMatchObject({
      message: 'The link expired before this file was sent. Ask for a new link.',
      retry: false,
    });
  });

  it('a file over the size', () => {
    expect(explain(answer(400, 'EntityTooLarge')).message).toMatch(/larger than this link allows/);
  });

  it('a key outside the folder', () => {
    const error = answer(403, 'AccessDenied', 'Policy condition failed: starts-with: $key, drop/');
    expect(explain(error).message).toMatch(/does not allow this file name/);
  });

  it('a type not allowed', () => {
    expect(explain(answer(403, 'AccessDenied', 'Policy condition failed')).message).toBe(
      'The storage refused its type: this link accepts images only.',
    );
  });

  it('a tampered or revoked link', () => {
    expect(explain(answer(403, 'AccessDenied')).message).toMatch(
      /changed on the way, or its owner revoked it/,
    );
  });

  it('no answer (CORS or network): one sentence for the uploader, one for the owner', () => {
    const refusal = explain(
      new TypeError('The upload request got no answer (network error or CORS refusal).'),
    );
    expect(refusal.retry).toBe(true);
    expect(refusal.message).toMatch(/could not be reached from this page, or it refused this page/);
    expect(refusal.owner).toBe(
      'For the link’s owner: the bucket’s CORS rules must allow POST from https://files.example.com (Request files in the app offers “Apply CORS rule”).',
    );
  });

  it('a server error may be retried', () => {
    expect(explain(answer(503, 'ServiceUnavailable'))).toMatchObject({ retry: true });
  });
});
