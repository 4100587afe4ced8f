// What activate() returns when VS Code runs the extension for its integration tests
// (ExtensionMode.Test, i.e. --extensionTestsPath): the extension's own profiles model, its
// secret store adapter, its globalState and its Test Explorer controller, so test/integration can
// check the Profiles view's contents, that no secret lands outside SecretStorage, and what the
// Test Explorer lists. Nothing is returned in normal use.
import type * as vscode from 'vscode';
import type { SecretStore } from '../core/auth/secretStore';
import type { ProfilesModel } from './profilesModel';

export interface IntegrationApi {
  readonly profiles: ProfilesModel;
  /** The model's secret store: SecretStorage on the desktop, the host vault in a browser-hosted workbench. */
  readonly secrets: SecretStore;
  readonly globalState: vscode.Memento;
  readonly tests: vscode.TestController;
}
