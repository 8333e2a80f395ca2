import { S3Client, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-s3';
import { Sha256Js } from '@smithy/core/checksum';
import { buildQueryString, HttpRequest, HttpResponse } from '@smithy/core/protocols';
import type { DeserializeMiddleware, FinalizeRequestMiddleware } from '@smithy/types';
import type { ConnectionProfile, Credentials } from './profile';
import { PATH_HEADER, TARGET_HEADER } from './relay-protocol';
import type { RequestBatcher } from './request-batcher';

/**
 * The only place an S3Client is made. `relayUrl` (absolute, e.g. `https://app.example/_relay/s3`) sends every
 * request, already signed for the real endpoint, to the app's same-origin relay instead; `batcher` hands them to
 * the request batch lane.
 */
export function createS3Client(
  profile: ConnectionProfile,
  credentials: Credentials,
  { relayUrl, batcher }: { relayUrl?: string; batcher?: RequestBatcher } = {},
): S3Client {
  const client = new S3Client({
    endpoint: profile.endpoint,
    region: profile.region,
    forcePathStyle: profile.pathStyle,
    credentials: { ...credentials },
    // The defaults (WHEN_SUPPORTED) break File uploads in Chromium and many S3-compatible servers, and presigned
    // URLs would pin the checksum of an empty body (see upload/presign.ts).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    // Signing hashes a few hundred bytes twice per request. WebCrypto costs a key import, two promises and a task
    // hop for each; the batch lane signs thousands (a folder's copies), so there the main thread hashes them
    // itself. Elsewhere WebCrypto stays: a lone request would pay for hashing code not yet compiled.
    ...(batcher ? { requestHandler: batcher, sha256: Sha256Js } : {}),
  });
  client.middlewareStack.addRelativeTo(notS3Guard, {
    name: 's3fmNotS3Guard',
    relation: 'after',
    toMiddleware: 'deserializerMiddleware',
  });
  if (relayUrl) {
    client.middlewareStack.addRelativeTo(relayMiddleware(new URL(relayUrl)), {
      name: 's3fmRelayMiddleware',
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
    });
  }
  return client;
}

/**
 * Runs after signing: the signature covers the real host and path, so the request is only re-addressed.
 * The signed path travels in a header because browsers normalise `.`/`..` segments of a URL path.
 */
function relayMiddleware(relay: URL): FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> {
  return (next) => async (args) => {
    if (!HttpRequest.isInstance(args.request)) return next(args);
    const signed = args.request;
    const query = buildQueryString(signed.query ?? {});
    const target = `${signed.protocol}//${signed.hostname}${signed.port ? `:${signed.port}` : ''}`;
    const request = new HttpRequest({
      ...signed,
      protocol: relay.protocol,
      hostname: relay.hostname,
      port: relay.port ? Number(relay.port) : undefined,
      path: relay.pathname,
      query: {},
      headers: {
        ...signed.headers,
        [TARGET_HEADER]: target,
        [PATH_HEADER]: query ? `${signed.path}?${query}` : signed.path,
      },
    });
    return next({ ...args, request });
  };
}

/**
 * A web page where S3 was expected (a console, a website, a proxy's error page) must not read as an empty
 * listing (the SDK finds no elements in HTML and returns nothing) or as "not found". An HTML answer is only
 * legitimate as the body of an object someone stored.
 */
const notS3Guard: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
  (next, context) => async (args) => {
    try {
      const result = await next(args);
      assertNotHtml(result.response, context.commandName);
      return result;
    } catch (error) {
      assertNotHtml((error as { $response?: unknown }).$response, context.commandName);
      throw error;
    }
  };

function assertNotHtml(response: unknown, commandName = ''): void {
  if (!HttpResponse.isInstance(response)) return;
  const objectBody = /^(GetObject|HeadObject)Command$/.test(commandName) && response.statusCode < 300;
  if (objectBody || !/html/i.test(response.headers['content-type'] ?? '')) return;
  throw Object.assign(new Error('An HTML page came back where an S3 answer was expected.'), {
    name: 'NotS3',
    $metadata: { httpStatusCode: response.statusCode },
  });
}
