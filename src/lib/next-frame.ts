/** Resolves once the next frame has been drawn (at once where nothing draws frames: tests in Node). */
export function afterNextFrame(): Promise<void> {
  if (typeof requestAnimationFrame === 'undefined') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}
