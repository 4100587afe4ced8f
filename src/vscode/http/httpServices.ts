// What the .http commands share: built once by createHttpFeature and passed to each of them.
import type { Prompter } from '../../core/http/prompts';
import type { HistoryRecorder } from '../history/historyRecorder';
import type { Log } from '../log';
import type { ProfilesModel } from '../profilesModel';
import type { HttpDocumentStore } from './documentStore';
import type { RequestProgress } from './requestProgress';
import type { ResponseView } from './responseView';
import type { SendContexts } from './sendContext';

export interface HttpServices {
  readonly model: ProfilesModel;
  readonly log: Log;
  readonly view: ResponseView;
  readonly store: HttpDocumentStore;
  readonly contexts: SendContexts;
  /** Every response shown is also kept, redacted, in the request history. */
  readonly history: HistoryRecorder;
  /** A new prompter for one user action (prompt variables). */
  readonly prompts: () => Prompter;
  /** The status bar item requests run under, cancellable there. */
  readonly progress: RequestProgress;
}
