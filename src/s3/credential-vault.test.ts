import { describe, expect, it } from 'vitest';
import { openCredentials, sealCredentials, WrongPassphraseError } from './credential-vault';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

describe('credential vault', () => {
  it('round-trips with the right passphrase and stores no plaintext', async () => {
    const sealed = await sealCredentials(credentials, 'correct horse battery staple', 1000);
    expect(JSON.stringify(sealed)).not.toContain('wJalrXUtnFEMI');
    expect(JSON.stringify(sealed)).not.toContain('AKIDEXAMPLE');
    await expect(openCredentials(sealed, 'correct horse battery staple')).resolves.toEqual(credentials);
  });
  it('refuses a wrong passphrase with a clear error', async () => {
    const sealed = await sealCredentials(credentials, 'right', 1000);
    await expect(openCredentials(sealed, 'wrong')).rejects.toBeInstanceOf(WrongPassphraseError);
  });
  it('uses a fresh salt and IV every time', async () => {
    const [a, b] = await Promise.all([
      sealCredentials(credentials, 'p', 1000),
      sealCredentials(credentials, 'p', 1000),
    ]);
    expect(a.salt).not.toBe(b.salt);
    expect(a.iv).not.toBe(b.iv);
  });
});
