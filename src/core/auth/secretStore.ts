// The small secret-store interface the session runs over: VS Code's SecretStorage in the
// extension, memory in the CLI (whose secrets come from environment variables) and in tests.

export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export function memorySecretStore(initial: Iterable<[string, string]> = []): SecretStore & { readonly entries: Map<string, string> } {
  const entries = new Map(initial);
  return {
    entries,
    get: async (key) => entries.get(key),
    store: async (key, value) => {
      entries.set(key, value);
    },
    delete: async (key) => {
      entries.delete(key);
    },
  };
}

/** Where a profile's secrets live: keyed by profile id, never by e-mail (two users may share one). */
export const secretKeys = {
  tokens: (profileId: string): string => `fincode.profile.${profileId}.tokens`,
  password: (profileId: string): string => `fincode.profile.${profileId}.password`,
  apiToken: (tokenId: string): string => `fincode.apiToken.${tokenId}`,
};
