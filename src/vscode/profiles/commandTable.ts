// The "Profiles and tokens" commands as a table: command id → handler. Invoked from the tree a
// handler receives the node; from the palette or the status bar nothing, and asks with a quick
// pick. Failures are thrown: extension.ts logs them and shows userMessage.
import { COMMANDS } from '../ids';
import { switchProfileCommand, setActiveCommand } from './activeProfile';
import { addApiTokenWizard } from './addApiTokenWizard';
import { addEnvironmentWizard } from './addEnvironmentWizard';
import { addProfileWizard } from './addProfileWizard';
import type { CommandDeps } from './commandDeps';
import { addDocumentedUsersCommand } from './documentedUsers';
import { editCommand } from './editWizard';
import { removeCommand } from './removeEntry';
import { renewCommand, signInCommand, signOutCommand } from './sessionCommands';
import { copyAccessTokenCommand, inspectTokenCommand } from './tokenCommands';

type ProfileCommand = (deps: CommandDeps, arg?: unknown) => Promise<void>;

export const PROFILE_COMMANDS = {
  [COMMANDS.signIn]: signInCommand,
  [COMMANDS.refreshToken]: renewCommand,
  [COMMANDS.signOut]: signOutCommand,
  [COMMANDS.switchProfile]: switchProfileCommand,
  [COMMANDS.setActive]: setActiveCommand,
  [COMMANDS.addProfile]: addProfileWizard,
  [COMMANDS.addApiToken]: addApiTokenWizard,
  [COMMANDS.addEnvironment]: addEnvironmentWizard,
  [COMMANDS.addDocumentedUsers]: addDocumentedUsersCommand,
  [COMMANDS.edit]: editCommand,
  [COMMANDS.remove]: removeCommand,
  [COMMANDS.copyAccessToken]: copyAccessTokenCommand,
  [COMMANDS.inspectToken]: inspectTokenCommand,
  [COMMANDS.refreshProfiles]: ({ model }) => model.reload(),
} as const satisfies Record<string, ProfileCommand>;

export type ProfileCommandId = keyof typeof PROFILE_COMMANDS;

/** The table's handlers with their dependencies bound, ready to register. */
export function profileCommands(deps: CommandDeps): Record<ProfileCommandId, (arg?: unknown) => Promise<void>> {
  const bound = Object.entries(PROFILE_COMMANDS).map(([id, command]: [string, ProfileCommand]) => [id, (arg?: unknown) => command(deps, arg)]);
  return Object.fromEntries(bound) as Record<ProfileCommandId, (arg?: unknown) => Promise<void>>;
}
