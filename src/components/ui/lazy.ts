import {
  createElement,
  lazy,
  useState,
  type ComponentProps,
  type ComponentType,
  type LazyExoticComponent,
} from 'react';

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

/**
 * lazyNamed for a screen the app loads ahead (`preload`, when the user is about to open it): once its chunk is
 * here, the screen renders at once. A lazy component suspends on its first render even when its chunk has
 * already arrived, and React then keeps the fallback on screen for a while (its reveal throttle, ~300 ms).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function preloadableNamed<M extends Record<K, ComponentType<any>>, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): { Component: ComponentType<ComponentProps<M[K]>>; preload: () => Promise<unknown> } {
  let loaded: M[K] | undefined;
  const preload = () => load().then((module) => (loaded = module[name]));
  const Lazy = lazy(async () => ({ default: (await preload()) as M[K] }));
  function Preloaded(props: ComponentProps<M[K]>) {
    // Chosen once per mount: switching from one to the other would mount the screen afresh.
    const [chosen] = useState(() => ({ Component: (loaded ?? Lazy) as ComponentType<ComponentProps<M[K]>> }));
    return createElement(chosen.Component, props);
  }
  return { Component: Preloaded, preload };
}
