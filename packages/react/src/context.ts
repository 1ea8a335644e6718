// The provider's instance and widget, shared with hooks and components below it.
import { createContext, useContext } from 'react';
import type { Tellus } from '@tellus/sdk';
import type { WidgetHandle } from '@tellus/widget';

export interface TellusBinding {
  tellus: Tellus;
  widget: WidgetHandle;
}

/** `undefined`: no provider above; `null`: a provider that has not started yet (server render, first paint). */
export const TellusContext = createContext<TellusBinding | null | undefined>(undefined);

/** The binding, or a `[tellus]` error naming the mistake when there is no provider. */
export function useBinding(caller: string): TellusBinding | null {
  const binding = useContext(TellusContext);
  if (binding === undefined) throw new Error(`[tellus] ${caller} needs a <TellusProvider> above it`);
  return binding;
}
