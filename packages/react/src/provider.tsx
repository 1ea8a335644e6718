// <TellusProvider>: one Tellus instance and its widget per provider, started in an effect and destroyed on unmount.
/** @jsxImportSource react */
import { useEffect, useState, type ReactNode } from 'react';
import { createTellus, type Tellus, type TellusOptions } from '@tellus/sdk';
import { mountTellus, type MountOptions } from '@tellus/widget';
import { TellusContext, useBinding, type TellusBinding } from './context.js';

export interface TellusProviderProps {
  /** `createTellus` options; read once when the provider mounts (give it a new `key` to start over). */
  options: TellusOptions;
  /** `mountTellus` options (locale, theme, nonce, …); read once too. */
  widget?: MountOptions;
  children?: ReactNode;
}

/**
 * Starts Tellus for the tree below it. The instance is created in an effect, not during render, so
 * server rendering never touches IndexedDB and StrictMode's double mount destroys the first one.
 *
 * ```tsx
 * <TellusProvider options={{ siteKey: 'shop', endpoint: 'https://feedback.example.com' }}>
 *   <App />
 * </TellusProvider>
 * ```
 */
export function TellusProvider({ options, widget, children }: TellusProviderProps) {
  const [binding, setBinding] = useState<TellusBinding | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: options are read once, or an inline object literal would restart Tellus on every render
  useEffect(() => {
    const tellus = createTellus(options);
    const ui = mountTellus(tellus, widget);
    setBinding({ tellus, widget: ui });
    return () => {
      setBinding(null);
      ui.destroy();
      tellus.destroy();
    };
  }, []);
  return <TellusContext.Provider value={binding}>{children}</TellusContext.Provider>;
}

/**
 * The provider's Tellus instance: `track`, `show`, `identify`, `setMeta`, `on`, `flush`, …; `null`
 * until the provider has started (on the server and in the first render).
 *
 * ```tsx
 * const tellus = useTellus();
 * <button onClick={() => tellus?.track('chat_closed', { agent: 'ana' })}>Close chat</button>
 * ```
 */
export function useTellus(): Tellus | null {
  return useBinding('useTellus()')?.tellus ?? null;
}
