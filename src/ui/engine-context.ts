import { createContext, useContext } from 'react';
import type { EngineCommands } from '../store/engine-bridge';

/** Engine commands for the component tree; null until the worker is connected. */
export const EngineContext = createContext<EngineCommands | null>(null);

export function useEngineCommands(): EngineCommands | null {
  return useContext(EngineContext);
}
