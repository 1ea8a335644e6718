// Adds an event listener and returns the function that removes it.
export const listen = (target: EventTarget | undefined, type: string, fn: () => unknown): (() => void) => {
  target?.addEventListener(type, fn);
  return () => target?.removeEventListener(type, fn);
};
