// The small secret-store interface the session runs over: VS Code's SecretStorage (desktop) or
// the host vault (browser-hosted workbenches, vaultStore.ts) in the extension, memory in the CLI
// (whose secrets come from environment variables) and in tests.

export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Optional: called when a key may have changed, here or in another window. Listeners treat it
   * as a hint to re-read (events may repeat or name no key), never as the new value.
   */
  onDidChange?(listener: (key: string) => void): { dispose(): void };
}

export function memorySecretStore(initial: Iterable<[string, string]> = []): Required<SecretStore> & { readonly entries: Map<string, string> } {
  const entries = new Map(initial);
  const listeners = new Set<(key: string) => void>();
  const changed = (key: string): void => {
    for (const listener of [...listeners]) listener(key);
  };
  return {
    entries,
    get: async (key) => entries.get(key),
    store: async (key, value) => {
      entries.set(key, value);
      changed(key);
    },
    delete: async (key) => {
      entries.delete(key);
      changed(key);
    },
    onDidChange(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  };
}

/** Where a profile's secrets live: keyed by profile id, never by e-mail (two users may share one). */
export const secretKeys = {
  tokens: (profileId: string): string => `fincode.profile.${profileId}.tokens`,
  password: (profileId: string): string => `fincode.profile.${profileId}.password`,
  /** Why automatic sign-ins with the stored password are held back (signInPolicy.ts). */
  signInHold: (profileId: string): string => `fincode.profile.${profileId}.signInHold`,
  /** Written by versions before the host lock (hostLock.ts); only ever deleted now. */
  legacyRefreshLease: (profileId: string): string => `fincode.profile.${profileId}.refreshLease`,
  apiToken: (tokenId: string): string => `fincode.apiToken.${tokenId}`,
};
