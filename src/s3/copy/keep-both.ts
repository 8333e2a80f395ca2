import { nameOf, parentOf } from './keys';

/** Extensions that read as one: `backup (1).tar.gz`, not `backup.tar (1).gz`. */
const DOUBLE_EXTENSIONS = /\.tar\.(gz|bz2|xz|zst|lz|lzma|z)$/i;

/**
 * The key that "keep both" gives the `n`th copy: `photo.jpg` → `photo (1).jpg`, `notes` → `notes (1)`,
 * `.env` → `.env (1)` (a leading dot starts a name, not an extension), a folder marker `docs/` → `docs (1)/`.
 */
export function keepBothKey(key: string, n: number): string {
  const folder = key.endsWith('/');
  const name = nameOf(key);
  const parent = parentOf(key);
  const extension = folder ? '' : extensionOf(name);
  const stem = name.slice(0, name.length - extension.length);
  return `${parent}${stem} (${n})${extension}${folder ? '/' : ''}`;
}

function extensionOf(name: string): string {
  const double = DOUBLE_EXTENSIONS.exec(name);
  if (double && double.index > 0) return double[0];
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : '';
}

/**
 * The first of `name (1).ext`, `name (2).ext`, … that `taken` says is free. `taken` may ask the server; it is called
 * once per candidate, in order.
 */
export async function firstFreeKey(
  key: string,
  taken: (candidate: string) => boolean | Promise<boolean>,
  limit = 10_000,
): Promise<string> {
  for (let n = 1; n <= limit; n++) {
    const candidate = keepBothKey(key, n);
    if (!(await taken(candidate))) return candidate;
  }
  throw new RangeError(`No free name for "${key}" after ${limit} tries.`);
}
