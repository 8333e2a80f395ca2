import type { Credentials } from './profile';

/**
 * "Remember on this device": credentials encrypted with a key derived from a passphrase the user chooses
 * (PBKDF2-SHA-256, then AES-GCM, all WebCrypto). Only the ciphertext, salt and IV are stored; the passphrase
 * and the derived key never are. A wrong passphrase fails AES-GCM's authentication and says so.
 */
export const PBKDF2_ITERATIONS = 600_000; // OWASP's 2023 figure for PBKDF2-HMAC-SHA256
const VAULT_PREFIX = 's3fm.vault.';

export interface SealedCredentials {
  version: 1;
  iterations: number;
  salt: string;
  iv: string;
  ciphertext: string;
}

export class WrongPassphraseError extends Error {
  constructor() {
    super('That passphrase does not unlock these saved keys.');
    this.name = 'WrongPassphraseError';
  }
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function sealCredentials(
  credentials: Credentials,
  passphrase: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<SealedCredentials> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(passphrase, salt, iterations);
  const plaintext = new TextEncoder().encode(JSON.stringify(credentials));
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plaintext));
  return { version: 1, iterations, salt: toBase64(salt), iv: toBase64(iv), ciphertext: toBase64(ciphertext) };
}

export async function openCredentials(sealed: SealedCredentials, passphrase: string): Promise<Credentials> {
  const key = await deriveKey(passphrase, fromBase64(sealed.salt), sealed.iterations);
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sealed.iv) as BufferSource },
      key,
      fromBase64(sealed.ciphertext) as BufferSource,
    );
    return JSON.parse(new TextDecoder().decode(plaintext)) as Credentials;
  } catch {
    throw new WrongPassphraseError();
  }
}

export function loadSealed(profileId: string): SealedCredentials | null {
  try {
    const sealed = JSON.parse(
      localStorage.getItem(VAULT_PREFIX + profileId) ?? 'null',
    ) as SealedCredentials | null;
    return sealed?.version === 1 ? sealed : null;
  } catch {
    return null;
  }
}

export function storeSealed(profileId: string, sealed: SealedCredentials): void {
  localStorage.setItem(VAULT_PREFIX + profileId, JSON.stringify(sealed));
}

export function forgetSealed(profileId: string): void {
  localStorage.removeItem(VAULT_PREFIX + profileId);
}
