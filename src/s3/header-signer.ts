import { Sha256Js } from '@smithy/core/checksum';
import { toHex } from '@smithy/core/serde';
import type { Credentials } from './profile';
import { amzDate, canonicalQuery, SIGV4_ALGORITHM } from './sigv4';

/** The SHA-256 of an empty body: what a request without one signs as its payload. */
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** A request without a body, as it is signed: names of `headers` in lower case, `path` already encoded. */
export interface BareRequest {
  method: string;
  /** The endpoint's host (with a port unless the default one): the Host header the server will see. */
  host: string;
  path: string;
  /** Query parameters; `acl: ''` for `?acl`. */
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

/**
 * Signs requests without a body with AWS Signature V4 in their headers, for S3 in one region. The day's signing
 * key is derived once; a request then costs two hashes of a few hundred bytes on the calling thread, where the
 * SDK runs a whole command's middleware for it. The request batch lane signs a folder's copies this way.
 */
export class HeaderSigner {
  private key: { day: string; bytes: Promise<Uint8Array> } | undefined;

  constructor(
    private readonly credentials: Credentials,
    private readonly region: string,
  ) {}

  /** The headers to send: the request's own, `x-amz-date`, `x-amz-content-sha256` and `authorization` (no Host). */
  async sign(request: BareRequest, now: Date): Promise<Record<string, string>> {
    const stamp = amzDate(now);
    const day = stamp.slice(0, 8);
    const { sessionToken, accessKeyId } = this.credentials;
    const headers: Record<string, string> = {
      ...request.headers,
      'x-amz-date': stamp,
      'x-amz-content-sha256': EMPTY_BODY_SHA256,
      ...(sessionToken ? { 'x-amz-security-token': sessionToken } : {}),
    };
    const signed: Record<string, string> = { ...headers, host: request.host };
    const names = Object.keys(signed).sort();
    const canonicalHeaders = names.map((name) => `${name}:${signed[name].trim().replace(/\s+/g, ' ')}\n`);
    const signedHeaders = names.join(';');
    const canonicalRequest = [
      request.method,
      request.path,
      canonicalQuery(request.query ?? {}),
      canonicalHeaders.join(''),
      signedHeaders,
      EMPTY_BODY_SHA256,
    ].join('\n');
    const scope = `${day}/${this.region}/s3/aws4_request`;
    const stringToSign = `${SIGV4_ALGORITHM}\n${stamp}\n${scope}\n${toHex(await sha256(canonicalRequest))}`;
    const signature = toHex(await hmac(await this.signingKey(day), stringToSign));
    headers.authorization = `${SIGV4_ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  }

  private signingKey(day: string): Promise<Uint8Array> {
    if (this.key?.day !== day) {
      const derive = async () => {
        let key = await hmac(`AWS4${this.credentials.secretAccessKey}`, day);
        for (const part of [this.region, 's3', 'aws4_request']) key = await hmac(key, part);
        return key;
      };
      this.key = { day, bytes: derive() };
    }
    return this.key.bytes;
  }
}

function sha256(text: string): Promise<Uint8Array> {
  const hash = new Sha256Js();
  hash.update(text);
  return hash.digest();
}

function hmac(key: string | Uint8Array, text: string): Promise<Uint8Array> {
  const mac = new Sha256Js(key);
  mac.update(text);
  return mac.digest();
}
