import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from './security-headers';

// docs/SECURITY.md tells whoever serves the static build elsewhere which headers to set: it must show the exact
// values this server sends, or a deployment copied from it would be weaker than the tested one.
describe('docs/SECURITY.md', () => {
  const doc = fs.readFileSync(path.join(import.meta.dirname, '..', 'docs', 'SECURITY.md'), 'utf8');
  it.each(Object.entries(SECURITY_HEADERS))('lists %s with the value the server sends', (name, value) => {
    expect(doc.split('\n')).toContain(`${name}: ${value}`);
  });
});
