// Background renewal (fincode.autoRefresh). Each signed-in profile gets a sign-in lifetime: a
// timer that fires at expiresAt − buffer, disposed at sign-out or when the tokens change. Timers
// wake at least once a minute and compare the wall clock, so that after a sleep (a timer that
// fires late) a due renewal happens at once. The renewal is the session's getAccessToken: it
// re-reads SecretStorage first and adopts what another window renewed (single-flight within a window).
import * as vscode from 'vscode';
import { SignInRequiredError } from '../core/fincode/errors';
import type { Log } from './log';
import { nextWakeDelay, refreshDueAt } from './profiles.pure';
import type { ProfilesModel } from './profilesModel';
import type { FinCodeSettings } from './settings';
import { userMessage } from './userErrors.pure';

const RETRY_MS = 60_000;

/** A sign-in lifetime: its disposables are disposed at sign-out. */
class SessionLifetime implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    readonly key: string,
    private dueAt: number,
    private readonly run: () => Promise<'done' | 'retry'>,
  ) {
    this.schedule();
  }

  private schedule(): void {
    if (this.disposed) return;
    this.timer = setTimeout(() => void this.wake(), nextWakeDelay(this.dueAt, Date.now()));
  }

  private async wake(): Promise<void> {
    if (this.disposed) return;
    if (Date.now() < this.dueAt) return this.schedule();
    const outcome = await this.run();
    if (outcome === 'retry' && !this.disposed) {
      this.dueAt = Date.now() + RETRY_MS;
      this.schedule();
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}

export class AutoRefresher implements vscode.Disposable {
  private readonly lifetimes = new Map<string, SessionLifetime>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly model: ProfilesModel,
    private readonly settings: () => FinCodeSettings,
    private readonly log: Log,
    private readonly sandboxRunning: () => boolean,
    private readonly onRenewed?: (profileId: string) => Promise<void>,
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
      this.lifetimes.set(id, new SessionLifetime(key, refreshDueAt(token.expiresAt, refreshBufferSeconds, Math.random()), () => this.renew(id)));
    }
  }

  private async renew(profileId: string): Promise<'done' | 'retry'> {
    const profile = this.model.profile(profileId);
    if (!profile) return 'done';
    try {
      await this.model.session(profileId).getAccessToken();
      this.model.setProblem(profileId, undefined);
      this.log.info(`Renewed the session of ${profile.name} (${profile.role}) in the background.`);
      await this.onRenewed?.(profileId);
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
