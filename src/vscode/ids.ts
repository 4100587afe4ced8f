// Every command id, view id, context key, setting key and output name in one place; package.json
// must match (test/unit/manifest.test.ts checks both ways). No 'vscode' import: tests read it in plain Node.

export const COMMANDS = {
  startSandbox: 'fincode.startSandbox',
  stopSandbox: 'fincode.stopSandbox',
  decodeJwt: 'fincode.decodeJwt',
  showLog: 'fincode.showLog',
  // Profiles and tokens.
  signIn: 'fincode.signIn',
  refreshToken: 'fincode.refreshToken',
  signOut: 'fincode.signOut',
  switchProfile: 'fincode.switchProfile',
  setActive: 'fincode.setActive',
  addProfile: 'fincode.addProfile',
  addApiToken: 'fincode.addApiToken',
  addEnvironment: 'fincode.addEnvironment',
  addDocumentedUsers: 'fincode.addDocumentedUsers',
  edit: 'fincode.edit',
  remove: 'fincode.remove',
  copyAccessToken: 'fincode.copyAccessToken',
  inspectToken: 'fincode.inspectToken',
  refreshProfiles: 'fincode.refreshProfiles',
  // The shipped samples (walkthrough).
  openSamples: 'fincode.openSamples',
  // .http files.
  sendRequest: 'fincode.sendRequest',
  sendRequestAs: 'fincode.sendRequestAs',
  sendAsEveryRole: 'fincode.sendAsEveryRole',
  copyAsCurl: 'fincode.copyAsCurl',
  importCurl: 'fincode.importCurl',
  shareEnvironmentWithPeers: 'fincode.shareEnvironmentWithPeers',
  selectHttpEnvironment: 'fincode.selectHttpEnvironment',
  cancelRequests: 'fincode.cancelRequests',
  // Endpoints view.
  openEndpointAsRequest: 'fincode.openEndpointAsRequest',
  // History view.
  openHistoryResponse: 'fincode.history.openResponse',
  resendFromHistory: 'fincode.history.resend',
  compareHistoryResponses: 'fincode.history.compare',
  selectHistoryForCompare: 'fincode.history.selectForCompare',
  compareHistoryWithSelected: 'fincode.history.compareWithSelected',
  removeHistoryEntry: 'fincode.history.remove',
  clearHistory: 'fincode.history.clear',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const VIEWS = {
  container: 'fincode',
  profiles: 'fincode.profiles',
  endpoints: 'fincode.endpoints',
  history: 'fincode.history',
} as const;

export const SETTINGS = {
  sandboxPort: 'fincode.sandbox.port',
  autoRefresh: 'fincode.autoRefresh',
  refreshBufferSeconds: 'fincode.refreshBufferSeconds',
  authHeaderStyle: 'fincode.authHeaderStyle',
  headersPlatform: 'fincode.headers.platform',
  headersUuid: 'fincode.headers.uuid',
  timeoutConnectMs: 'fincode.timeouts.connectMs',
  timeoutHeadersMs: 'fincode.timeouts.headersMs',
  timeoutBodyMs: 'fincode.timeouts.bodyMs',
  timeoutTotalMs: 'fincode.timeouts.totalMs',
  environments: 'fincode.environments',
  httpEnvironment: 'fincode.httpEnvironment',
  environmentVariables: 'fincode.environmentVariables',
  maxResponseBytes: 'fincode.maxResponseBytes',
  followRedirects: 'fincode.followRedirects',
  confirmProductionWrites: 'fincode.confirmProductionWrites',
  historyMaxEntries: 'fincode.history.maxEntries',
  historyMaxBytes: 'fincode.history.maxBytes',
  /** Written by the Share command into a workspace settings.json, read from the file (peerEnvironments.ts). */
  sharedWithPeers: 'fincode.sharedWithPeers',
} as const;

export type SettingKey = (typeof SETTINGS)[keyof typeof SETTINGS];

export const CONTEXT_KEYS = {
  sandboxRunning: 'fincode.sandboxRunning',
  /** The active profile has a valid session (or the active credential is an API token). */
  signedIn: 'fincode.signedIn',
  /** Some profile has stored tokens. */
  anySignedIn: 'fincode.anySignedIn',
  hasProfiles: 'fincode.hasProfiles',
  /** A .http request is being sent (its status bar item cancels it). */
  requestRunning: 'fincode.requestRunning',
  /** The request history has entries (Clear History in the palette). */
  historyHasEntries: 'fincode.history.hasEntries',
  /** An entry was chosen with "Select for Compare" (shows "Compare with Selected"). */
  historyCompareSelected: 'fincode.history.compareSelected',
} as const;

/** contextValue of a History view row (menus match `viewItem =~ /^fincode:history:entry/`). */
export const HISTORY_ITEM_CONTEXT = 'fincode:history:entry';

/** The status bar item's id (VS Code prefixes the extension id). */
export const STATUS_BAR_ID = 'fincode.activeProfile';

/** How long a status bar message that reports a success stays (instead of a toast). */
export const STATUS_MESSAGE_MS = 5000;

/** The status bar item of the requests being sent. */
export const REQUEST_PROGRESS_STATUS_BAR_ID = 'fincode.requestProgress';

/** The .http variable environment's status bar item. */
export const HTTP_ENVIRONMENT_STATUS_BAR_ID = 'fincode.httpEnvironment';

/** workspaceState key: the .http variable environment picked for this workspace (a name). */
export const HTTP_ENVIRONMENT_STATE_KEY = 'fincode.httpEnvironment.picked';

/** globalState key of the non-secret profile metadata. */
export const PROFILES_STATE_KEY = 'fincode.profiles.v1';

/** workspaceState key: the user chose "Don't Ask Again" when offered to share variables with REST Client / httpYac. */
export const PEER_OFFER_DISMISSED_KEY = 'fincode.peerOffer.dismissed';

export const OUTPUT_CHANNEL_NAME = 'FinCode';

/** The Test Explorer's controller of .http checks. */
export const TEST_CONTROLLER_ID = 'fincode.httpChecks';

/** globalState key of the non-secret session facts: which profile is signed in until when (sessionFacts.ts). */
export const SESSION_FACTS_STATE_KEY = 'fincode.sessionFacts.v1';
