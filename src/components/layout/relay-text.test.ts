import { describe, expect, it } from 'vitest';
import { relayText } from './relay-text';

describe('relayText', () => {
  it('names account-level calls, as on every RGW connection', () => {
    expect(relayText('http://127.0.0.1:7480', [''])).toBe(
      'http://127.0.0.1:7480 refused this page (CORS) for account-level calls, so those requests go through this app’s relay. Your secret key stays in this browser.',
    );
  });

  it('names the first buckets and counts the rest, in one sentence', () => {
    expect(relayText('https://s3.example.com', ['a'])).toContain('for bucket “a”, so');
    expect(relayText('https://s3.example.com', ['', 'a', 'b', 'c', 'd', 'e'])).toContain(
      'for account-level calls and for buckets “a”, “b”, “c” and 2 more, so',
    );
  });
});
