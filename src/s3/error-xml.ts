// Reading S3's error documents (`<Error><Code>…</Code><Message>…</Message></Error>`) and XML text values, for the
// page and the app's server alike. The input is whatever a server sent: nothing here may throw on it.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text with its five named entities and numeric references decoded; an invalid reference stays as written. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,8}|#[0-9]{1,10}|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name];
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

export interface S3ErrorFields {
  code?: string;
  message?: string;
  requestId?: string;
}

/** Code, Message and RequestId of an S3 error document; absent fields are left out. */
export function parseS3ErrorXml(xml: string): S3ErrorFields {
  const field = (name: string) => {
    const text = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
    return text ? decodeXmlText(text) : undefined;
  };
  const out: S3ErrorFields = {};
  const [code, message, requestId] = [field('Code'), field('Message'), field('RequestId')];
  if (code) out.code = code;
  if (message) out.message = message;
  if (requestId) out.requestId = requestId;
  return out;
}
