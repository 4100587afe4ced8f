// The "Profiles" view: environments → role profiles and API tokens, rendered from the model.
// Shaping (labels, descriptions, contextValues) is in profileTreeItems.ts (no vscode); this only maps it.
import * as vscode from 'vscode';
import { apiTokenShape, environmentShape, type ItemShape, profileShape } from './profileTreeItems';
import type { ProfilesModel } from './profilesModel';

/** What a tree element is; commands invoked from the tree receive it as their argument. */
export interface ProfileNode {
  readonly kind: 'environment' | 'profile' | 'apiToken';
  readonly id: string;
}

export function isProfileNode(value: unknown): value is ProfileNode {
  const node = value as Partial<ProfileNode> | undefined;
  return typeof node === 'object' && node !== null && typeof node.id === 'string' && (node.kind === 'environment' || node.kind === 'profile' || node.kind === 'apiToken');
}

export class ProfilesTreeProvider implements vscode.TreeDataProvider<ProfileNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProfileNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: ProfilesModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(element?: ProfileNode): ProfileNode[] {
    if (!element) return this.model.snapshot.environments.map((env) => ({ kind: 'environment', id: env.id }));
    if (element.kind !== 'environment') return [];
    const { profiles, apiTokens } = this.model.childrenOf(element.id);
    return [...profiles.map((p) => ({ kind: 'profile' as const, id: p.id })), ...apiTokens.map((t) => ({ kind: 'apiToken' as const, id: t.id }))];
  }

  getParent(element: ProfileNode): ProfileNode | undefined {
    if (element.kind === 'environment') return undefined;
    const owner = element.kind === 'profile' ? this.model.profile(element.id) : this.model.apiToken(element.id);
    return owner ? { kind: 'environment', id: owner.environmentId } : undefined;
  }

  getTreeItem(element: ProfileNode): vscode.TreeItem {
    const shape = this.shape(element);
    if (!shape) return new vscode.TreeItem('(removed)');
    const item = new vscode.TreeItem(shape.label, element.kind === 'environment' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = shape.id;
    item.description = shape.description;
    item.tooltip = shape.tooltip;
    item.iconPath = new vscode.ThemeIcon(shape.icon, shape.iconColor ? new vscode.ThemeColor(shape.iconColor) : undefined);
    item.contextValue = shape.contextValue;
    item.accessibilityInformation = { label: shape.ariaLabel };
    return item;
  }

  private shape(element: ProfileNode): ItemShape | undefined {
    const now = Date.now();
    const active = this.model.activeId === element.id;
    if (element.kind === 'environment') {
      const env = this.model.environment(element.id);
      return env && environmentShape(env, env.local ? this.model.sandboxUrl() : undefined);
    }
    if (element.kind === 'profile') {
      const profile = this.model.profile(element.id);
      return profile && profileShape(profile, this.model.status(profile.id, now), active);
    }
    const token = this.model.apiToken(element.id);
    return token && apiTokenShape(token, now, active);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
