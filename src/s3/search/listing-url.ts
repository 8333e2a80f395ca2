import { PAGE_SIZE } from '../page-size';
import { amzDate, canonicalQuery, hex, hmacWith, sha256Hex, SIGV4_ALGORITHM } from '../sigv4';
import type { PageRequest } from './scan-protocol';

/**
 * What the search worker needs to sign its listing requests itself, so the page does nothing per page: the
 * bucket's address and one day's signing key of the connection's credentials, as a CryptoKey that can only sign
 * (the secret never leaves the page). Made by the page (scan-client.ts), which reads the address from a URL the
 * SDK signed, so both address the bucket alike.
 */
export interface ListingSigner {
  /** The bucket's URL as the SDK addresses it (path or virtual-host style), without a query. */
  bucketUrl: string;
  accessKeyId: string;
  sessionToken?: string;
  region: string;
  /** The day (YYYYMMDD, by the server's clock) the key signs for. */
  day: string;
  key: CryptoKey;
  /** The server's clock minus this computer's, in ms, as the page's SDK learned it. */
  clockOffsetMs: number;
}

/** How long a listing URL holds, as the page's presigned ones (presignListing). */
export const LISTING_URL_SECONDS = 300;

/**
 * The presigned GET of one listing page, the same URL the SDK's presigner makes (query-string SigV4, only the
 * host signed), or undefined where the signer cannot sign it: an unordered listing (its failure needs the SDK's
 * reading) or another day than the key's (the page signs it then).
 */
export async function signListingUrl(
  signer: ListingSigner,
  request: PageRequest,
  now = Date.now(),
): Promise<string | undefined> {
  const { prefix, token, startAfter, delimiter = '/', unordered = false, maxKeys = PAGE_SIZE } = request;
  const date = amzDate(new Date(now + signer.clockOffsetMs));
  if (unordered || date.slice(0, 8) !== signer.day) return undefined;
  const scope = `${signer.day}/${signer.region}/s3/aws4_request`;
  const params: Record<string, string | undefined> = {
    'X-Amz-Algorithm': SIGV4_ALGORITHM,
    'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
    'X-Amz-Credential': `${signer.accessKeyId}/${scope}`,
    'X-Amz-Date': date,
    'X-Amz-Expires': String(LISTING_URL_SECONDS),
    'X-Amz-Security-Token': signer.sessionToken,
    'X-Amz-SignedHeaders': 'host',
    'continuation-token': token,
    delimiter: delimiter || undefined,
    'list-type': '2',
    'max-keys': String(maxKeys),
    prefix: prefix || undefined,
    'start-after': startAfter,
  };
  const query = canonicalQuery(
    Object.fromEntries(
      Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  );
  const url = new URL(signer.bucketUrl);
  const canonical = ['GET', url.pathname, query, `host:${url.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join(
    '\n',
  );
  const toSign = [SIGV4_ALGORITHM, date, scope, await sha256Hex(canonical)].join('\n');
  const signature = hex(await hmacWith(signer.key, toSign));
  // The signature's place in the sorted query, as the SDK writes it.
  const all = `${query}&X-Amz-Signature=${signature}`.split('&').sort().join('&');
  return `${signer.bucketUrl}?${all}`;
}
