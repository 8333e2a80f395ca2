import crypto from 'node:crypto';
import {
  GetObjectCommand,
  PutObjectCommand,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-s3';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { describe, expect, it, onTestFinished } from 'vitest';
import { listBuckets } from '../../src/s3/buckets';
import { createS3Client } from '../../src/s3/client';
import { PATH_HEADER, RELAY_PATH, TARGET_HEADER } from '../../src/s3/relay-protocol';
import { useRelayServer } from './relay-server';
import { adminClient, makeSession, rejection, sandbox, withTempBucket } from './sandbox';

describe('the app server relay, in front of real RGW', () => {
  const relay = useRelayServer();

  /** What the page would get from GET /_relay/config, unless told otherwise. */
  const relaySession = (endpoint = sandbox().endpoint, allowedEndpoints = [endpoint]) =>
    makeSession({
      transport: 'relay',
      endpoint,
      relay: { relay: true, allowedEndpoints },
      origin: relay.origin,
    });

  /** A bare client routed through the relay, for tampering with what it sends. */
  const relayClient = () => {
    const { endpoint, region, accessKey, secretKey } = sandbox();
    const client = createS3Client(
      { id: 'raw', label: 'raw', endpoint, region, pathStyle: true, transport: 'relay' },
      { accessKeyId: accessKey, secretAccessKey: secretKey },
      { relayUrl: new URL(RELAY_PATH, relay.origin).toString() },
    );
    onTestFinished(() => client.destroy());
    return client;
  };

  it('lists buckets through the relay', async () => {
    const buckets = await listBuckets(relaySession());
    expect(buckets.map((b) => b.name)).toContain(sandbox().bucket);
  });

  it('stores an odd key through the relay byte for byte', async () => {
    await withTempBucket(async (bucket) => {
      const key = '../up/a b+c ünïcødé 😀.bin';
      const bytes = crypto.randomBytes(64 * 1024);
      await relaySession().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }), {
        bucket,
        key,
      });

      const direct = await adminClient().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const stored = Buffer.from(await direct.Body!.transformToByteArray());
      expect(stored.equals(bytes)).toBe(true);
    });
  });

  it('refuses an endpoint the operator did not allow: relay-refused', async () => {
    // The page believes the relay serves :7481; the server only allows the sandbox's :7480.
    const error = await rejection(listBuckets(relaySession('http://127.0.0.1:7481')));
    expect(error.kind).toBe('relay-refused');
    expect(error.code).toBe('RelayTargetNotAllowed');
    expect(error.status).toBe(403);
  });

  describe('cannot forge: RGW checks every signature the relay passes on', () => {
    const secret = 'not for the relay to read\n';

    it('an unsigned request is refused', async () => {
      await withTempBucket(async (bucket) => {
        await adminClient().send(new PutObjectCommand({ Bucket: bucket, Key: 'secret.txt', Body: secret }));
        const response = await fetch(new URL(RELAY_PATH, relay.origin), {
          headers: {
            [TARGET_HEADER]: sandbox().endpoint,
            [PATH_HEADER]: `/${bucket}/secret.txt`,
          },
        });
        const text = await response.text();
        expect(response.status).toBe(403);
        expect(text).toContain('<Code>AccessDenied</Code>');
        expect(text).not.toContain(secret.trim());
      });
    });

    it('a signed request re-pointed at another key is refused', async () => {
      await withTempBucket(async (bucket) => {
        await adminClient().send(new PutObjectCommand({ Bucket: bucket, Key: 'public.txt', Body: 'hello' }));
        await adminClient().send(new PutObjectCommand({ Bucket: bucket, Key: 'secret.txt', Body: secret }));
        // The untampered request goes through: it is not the relay that refuses what follows.
        const ok = await relayClient().send(new GetObjectCommand({ Bucket: bucket, Key: 'public.txt' }));
        expect(await ok.Body!.transformToString()).toBe('hello');

        // What a hostile relay (or anything between page and relay) would do: keep the signature, change the path.
        const client = relayClient();
        const repoint: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> =
          (next) => (args) => {
            const headers = (args.request as { headers: Record<string, string> }).headers;
            headers[PATH_HEADER] = headers[PATH_HEADER].replace('public.txt', 'secret.txt');
            return next(args);
          };
        client.middlewareStack.addRelativeTo(repoint, {
          name: 'repoint',
          relation: 'after',
          toMiddleware: 's3fmRelayMiddleware',
        });
        const error = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'public.txt' })).then(
          () => undefined,
          (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => e,
        );
        expect(error?.name).toMatch(/^(SignatureDoesNotMatch|AccessDenied)$/);
        expect(error?.$metadata?.httpStatusCode).toBe(403);
      });
    });
  });
});
