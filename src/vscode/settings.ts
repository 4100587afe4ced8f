// The one place settings are read. Values are checked (a hand-edited settings.json may hold
// anything) and fall back to the documented defaults.
import * as vscode from 'vscode';
import { DEFAULT_REFRESH_BUFFER_SECONDS } from '../core/auth/session';
import { DEFAULT_AUTH_HEADER_STYLE, DEFAULT_REQUIRED_HEADERS, isAuthHeaderStyle, type AuthHeaderStyle, type RequiredHeaders } from '../core/fincode/headers';
import { parseRestClientEnv, type EnvironmentFile } from '../core/http/envFiles';
import { DEFAULT_HISTORY_CAPS, type HistoryCaps } from '../core/http/historyFile';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../core/net/transport';
import { SETTINGS } from './ids';

export interface FinCodeSettings {
  readonly sandboxPort: number;
  readonly autoRefresh: boolean;
  readonly refreshBufferSeconds: number;
  readonly authHeaderStyle: AuthHeaderStyle;
  readonly requiredHeaders: RequiredHeaders;
  readonly timeouts: Timeouts;
}

function get<T>(key: string, fallback: T, valid: (value: unknown) => value is T): T {
  const value = vscode.workspace.getConfiguration().get<unknown>(key);
  return valid(value) ? value : fallback;
}

const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const nonNegativeInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '' && !/[\r\n]/.test(value);

export function readSettings(): FinCodeSettings {
  return {
    sandboxPort: get(SETTINGS.sandboxPort, 0, (v): v is number => nonNegativeInt(v) && v <= 65535),
    autoRefresh: get(SETTINGS.autoRefresh, true, isBoolean),
    refreshBufferSeconds: get(SETTINGS.refreshBufferSeconds, DEFAULT_REFRESH_BUFFER_SECONDS, nonNegativeInt),
    authHeaderStyle: get(SETTINGS.authHeaderStyle, DEFAULT_AUTH_HEADER_STYLE, isAuthHeaderStyle),
    requiredHeaders: {
      platform: get(SETTINGS.headersPlatform, DEFAULT_REQUIRED_HEADERS.platform, nonEmpty),
      uuid: get(SETTINGS.headersUuid, DEFAULT_REQUIRED_HEADERS.uuid, nonEmpty),
    },
    timeouts: {
      connectMs: get(SETTINGS.timeoutConnectMs, DEFAULT_TIMEOUTS.connectMs, nonNegativeInt),
      headersMs: get(SETTINGS.timeoutHeadersMs, DEFAULT_TIMEOUTS.headersMs, nonNegativeInt),
      bodyMs: get(SETTINGS.timeoutBodyMs, DEFAULT_TIMEOUTS.bodyMs, nonNegativeInt),
      totalMs: get(SETTINGS.timeoutTotalMs, DEFAULT_TIMEOUTS.totalMs, nonNegativeInt),
    },
  };
}

/** What sending .http requests reads besides the header and timeout settings above. */
export interface HttpSettings {
  /** The environment of the env files (http-client.env.json, REST Client settings, .env.NAME); '' = none. */
  readonly environment: string;
  readonly maxResponseBytes: number;
  readonly followRedirects: boolean;
  readonly confirmProductionWrites: boolean;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export function readHttpSettings(): HttpSettings {
  return {
    environment: get(SETTINGS.httpEnvironment, '', (v): v is string => typeof v === 'string' && !/[\r\n]/.test(v)).trim(),
    maxResponseBytes: get(SETTINGS.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, (v): v is number => nonNegativeInt(v) && v >= 1024),
    followRedirects: get(SETTINGS.followRedirects, false, isBoolean),
    confirmProductionWrites: get(SETTINGS.confirmProductionWrites, true, isBoolean),
  };
}

/** The request history's caps (fincode.history.*). */
export function readHistoryCaps(): HistoryCaps {
  return {
    maxEntries: get(SETTINGS.historyMaxEntries, DEFAULT_HISTORY_CAPS.maxEntries, (v): v is number => nonNegativeInt(v) && v <= 1000),
    maxBytes: get(SETTINGS.historyMaxBytes, DEFAULT_HISTORY_CAPS.maxBytes, (v): v is number => nonNegativeInt(v) && v >= 64 * 1024),
  };
}

/**
 * The user's `fincode.environments`: only the user (global) value. The setting is
 * application-scoped, and a workspace's value is ignored here too: it decides where credentials go.
 */
export function readEnvironmentsSetting(): unknown {
  return vscode.workspace.getConfiguration().inspect<unknown>(SETTINGS.environments)?.globalValue;
}

/**
 * `fincode.environmentVariables` for a file, as an environment file layer (REST Client's shape,
 * so the same parser checks it and a malformed value gives diagnostics, not an exception).
 */
export function readEnvironmentVariables(uri: vscode.Uri | undefined): EnvironmentFile {
  const value = vscode.workspace.getConfiguration(undefined, uri).get<unknown>(SETTINGS.environmentVariables) ?? {};
  return parseRestClientEnv(JSON.stringify(value), SETTINGS.environmentVariables);
}

/** Fires with the new settings when any fincode.* setting changes. */
export function onDidChangeSettings(listener: (settings: FinCodeSettings) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('fincode')) listener(readSettings());
  });
}
