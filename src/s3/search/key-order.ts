/**
 * Keys in S3's order: UTF-8 bytes, which is code point order. JavaScript's `<` compares UTF-16 units, which puts
 * characters above U+FFFF (surrogates) before U+E000..U+FFFF; the first differing unit is mapped to fix that.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return inCodePointOrder(x) - inCodePointOrder(y);
  }
  return a.length - b.length;
}

function inCodePointOrder(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
