// Adds an event listener and returns the function that removes it.
export const listen = (target: EventTarget | undefined, type: string, fn: (e: Event) => unknown, options?: boolean | AddEventListenerOptions): (() => void) => {
  target?.addEventListener(type, fn, options);
  return () => target?.removeEventListener(type, fn, options);
};
