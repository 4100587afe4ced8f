// Tells the user when a profile's permissions changed: after a renewal (Refresh Token, background
// renewal) against the last permissions seen for that profile, and when the active profile changes
// between two signed-in profiles. The last seen lists live in memory only. It reads the stored
// access token as is (never renews) and never throws: a notice is a nicety, not a failure.
import * as vscode from 'vscode';
import { describePermissionDiff, permissionDiff, tokenPermissions } from '../core/auth/permissionDiff';
import { COMMANDS } from './ids';
import type { Log } from './log';
import type { ProfilesModel } from './profilesModel';

export class PermissionWatch implements vscode.Disposable {
  private readonly lastSeen = new Map<string, string[]>();

  constructor(
    private readonly model: ProfilesModel,
    private readonly log: Log,
  ) {}

  /** The permissions of a signed-in profile's stored access token; undefined when signed out or unreadable. */
  private async current(profileId: string): Promise<string[] | undefined> {
    if (!this.model.profile(profileId) || this.model.tokenState(profileId).kind !== 'signed-in') return undefined;
    try {
      const token = await this.model.session(profileId).storedAccessToken();
      return token === undefined ? undefined : tokenPermissions(token);
    } catch {
      return undefined;
    }
  }

  /** Records a profile's permissions as the baseline without telling anyone (sign-in). */
  async remember(profileId: string): Promise<void> {
    const permissions = await this.current(profileId);
    if (permissions) this.lastSeen.set(profileId, permissions);
    else this.lastSeen.delete(profileId);
  }

  /**
   * Before a renewal: the baseline of a profile not seen in this window yet. Taken here, not at
   * activation, because reading the stored token opens the keyring.
   */
  async beforeRenewal(profileId: string): Promise<void> {
    if (!this.lastSeen.has(profileId)) await this.remember(profileId);
  }

  /** After a successful renewal: tells the user when the new token's permissions differ from the last seen. */
  async afterRenewal(profileId: string): Promise<void> {
    const profile = this.model.profile(profileId);
    const after = await this.current(profileId);
    if (!profile || !after) return;
    const before = this.lastSeen.get(profileId);
    this.lastSeen.set(profileId, after);
    if (!before) return;
    const message = describePermissionDiff(permissionDiff(before, after), { profile: profile.name, role: profile.role, reason: 'refresh' });
    if (message) this.tell(profileId, message);
  }

  /** After the active profile changed: the difference between the two, when both are signed-in profiles. */
  async afterSwitch(previousId: string | undefined, nextId: string | undefined): Promise<void> {
    if (!previousId || !nextId || previousId === nextId) return;
    const previous = this.model.profile(previousId);
    const next = this.model.profile(nextId);
    if (!previous || !next) return;
    const [before, after] = await Promise.all([this.current(previousId), this.current(nextId)]);
    if (before) this.lastSeen.set(previousId, before);
    if (after) this.lastSeen.set(nextId, after);
    if (!before || !after) return;
    const message = describePermissionDiff(permissionDiff(before, after), {
      profile: next.name,
      role: next.role,
      previousProfile: previous.name,
      previousRole: previous.role,
      reason: 'switch',
    });
    if (message) this.tell(nextId, message);
  }

  private tell(profileId: string, message: string): void {
    this.log.info(`Permissions changed: ${message}`);
    const inspect = 'Inspect Token';
    void vscode.window
      .showInformationMessage(`FinCode permissions: ${message}`, inspect)
      .then((choice) => (choice === inspect ? vscode.commands.executeCommand(COMMANDS.inspectToken, profileId) : undefined));
  }

  dispose(): void {
    this.lastSeen.clear();
  }
}
