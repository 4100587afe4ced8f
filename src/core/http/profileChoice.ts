// Which profile's credential a request is sent with: `# @profile NAME`, else `# @role ROLE`
// (the active profile when it has that role, else the only profile with it), else the active one.

export interface NamedProfile {
  readonly name: string;
  readonly role: string;
}

export type ProfileChoice<P> = { readonly profile: P } | { readonly problem: string };

export function chooseProfile<P extends NamedProfile>(
  profiles: readonly P[],
  annotations: { readonly profile?: string; readonly role?: string },
  active?: P,
): ProfileChoice<P> {
  if (annotations.profile !== undefined) {
    const named = profiles.find((p) => p.name === annotations.profile);
    return named ? { profile: named } : { problem: `# @profile ${annotations.profile}: no profile has that name (profiles: ${profiles.map((p) => p.name).join(', ') || 'none'})` };
  }
  if (annotations.role !== undefined) {
    const role = annotations.role.toUpperCase();
    if (active?.role === role) return { profile: active };
    const withRole = profiles.filter((p) => p.role === role);
    if (withRole.length === 1) return { profile: withRole[0] as P };
    return withRole.length === 0
      ? { problem: `# @role ${role}: no profile has that role` }
      : { problem: `# @role ${role}: ${withRole.length} profiles have that role (${withRole.map((p) => p.name).join(', ')}); name one with # @profile` };
  }
  if (active) return { profile: active };
  return profiles.length === 1 ? { profile: profiles[0] as P } : { problem: `choose a profile: ${profiles.length} are available and the request names none (# @profile or # @role)` };
}
