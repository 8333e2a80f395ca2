import { describe, expect, it } from 'vitest';
import { S3AppError } from './errors';
import { UnorderedListingOption } from './listing-options';

describe('UnorderedListingOption', () => {
  it('is off until asked for; a refusal turns it off for the connection until asked again', () => {
    const option = new UnorderedListingOption();
    let heard = 0;
    option.subscribe(() => heard++);
    expect(option.getSnapshot()).toEqual({ requested: false, active: false });

    option.setRequested(true);
    expect(option.getSnapshot()).toEqual({ requested: true, active: true });

    const refusal = new S3AppError('unknown', 'Refused.', '', { code: 'InvalidArgument' });
    option.markRefused(refusal);
    option.markRefused(refusal); // the same refusal, heard from another folder: no new state
    expect(option.getSnapshot()).toEqual({ requested: true, active: false, refusal });

    option.setRequested(true);
    expect(option.getSnapshot()).toEqual({ requested: true, active: true });
    expect(heard).toBe(3);
  });
});
