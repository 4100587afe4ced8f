// Background renewal (fincode.autoRefresh). Each signed-in profile gets a sign-in lifetime: a
// schedule that renews at expiresAt − buffer, disposed at sign-out or when the tokens change.
// When to renew (sleeps, clock jumps) is decided in the core (renewalSchedule.ts); the renewal
// is the session's renewScheduled, which adopts what another window renewed instead of repeating it.
import type * as vscode from 'vscode';
import { refreshDueAt, scheduleRenewal, type RenewalOutcome } from '../core/auth/renewalSchedule';
import { SignInRequiredError } from '../core/fincode/errors';
import type { Log } from './log';
import type { ProfilesModel } from './profilesModel';
import type { FinCodeSettings } from './settings';
import { userMessage } from './userErrors';

/** A sign-in lifetime: disposed at sign-out or when the tokens change. */
interface SessionLifetime extends vscode.Disposable {
  readonly key: string;
}

export class AutoRefresher implements vscode.Disposable {
  private readonly lifetimes = new Map<string, SessionLifetime>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly model: ProfilesModel,
    private readonly settings: () => FinCodeSettings,
    private readonly log: Log,
    private readonly sandboxRunning: () => boolean,
    private readonly watch?: { beforeRenewal(profileId: string): Promise<void>; afterRenewal(profileId: string): Promise<void> },
  ) {
    this.subscription = model.onDidChange(() => this.sync());
    this.sync();
  }

  /** Makes the lifetimes match the signed-in profiles. */
  sync(): void {
    const { autoRefresh, refreshBufferSeconds } = this.settings();
    const wanted = new Map<string, string>();
    if (autoRefresh) {
      for (const profile of this.model.snapshot.profiles) {
        const token = this.model.tokenState(profile.id);
        if (token.kind !== 'signed-in') continue;
        // A stopped local sandbox has nobody to renew with; it is started when the user signs in.
        if (this.model.environment(profile.environmentId)?.local && !this.sandboxRunning()) continue;
        wanted.set(profile.id, `${token.expiresAt}:${refreshBufferSeconds}`);
      }
    }
    for (const [id, lifetime] of this.lifetimes) {
      if (wanted.get(id) !== lifetime.key) {
        lifetime.dispose();
        this.lifetimes.delete(id);
      }
    }
    for (const [id, key] of wanted) {
      if (this.lifetimes.has(id)) continue;
      const token = this.model.tokenState(id);
      if (token.kind !== 'signed-in') continue;
      const { expiresAt, receivedAt } = token;
      const schedule = scheduleRenewal(refreshDueAt(expiresAt, refreshBufferSeconds, Math.random(), receivedAt), () => this.renew(id, expiresAt));
      this.lifetimes.set(id, { key, dispose: () => schedule.dispose() });
    }
  }

  private async renew(profileId: string, expiresAt: number): Promise<RenewalOutcome> {
    const profile = this.model.profile(profileId);
    if (!profile) return 'done';
    try {
      await this.watch?.beforeRenewal(profileId);
      await this.model.session(profileId).renewScheduled(expiresAt);
      this.model.setProblem(profileId, undefined);
      this.log.info(`Renewed the session of ${profile.name} (${profile.role}) in the background.`);
      await this.watch?.afterRenewal(profileId);
      return 'done';
    } catch (error) {
      this.log.warn(`Background renewal of ${profile.name} (${profile.role}) failed: ${userMessage(error)}`);
      this.model.setProblem(profileId, error);
      return error instanceof SignInRequiredError ? 'done' : 'retry';
    }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const lifetime of this.lifetimes.values()) lifetime.dispose();
    this.lifetimes.clear();
  }
}
