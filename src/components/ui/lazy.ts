import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A component loaded on first render from a chunk of its own, so dialogs and panels that most visits never
 * open stay out of the initial JavaScript (render it inside <Suspense>).
 */
// `any` props: the constraint only says "some component"; M[K] keeps each component's real props.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyNamed<M extends Record<K, ComponentType<any>>, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(async () => ({ default: (await load())[name] }));
}
