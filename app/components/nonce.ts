/** The CSP nonce travels in the root loader data; on the client it is not needed after hydration. */
export function useNonce(fromLoader: string | undefined) {
  return fromLoader || undefined;
}
