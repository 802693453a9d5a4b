/**
 * The CSP nonce: entry.server provides it to the whole tree (so pages rendered without root loader
 * data, such as a 404, still carry it on every script); the root loader data is the fallback. On the
 * client it is not needed after hydration.
 */
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);
export const NonceProvider = NonceContext.Provider;

export function useNonce(fromLoader: string | undefined) {
  return useContext(NonceContext) || fromLoader || undefined;
}
