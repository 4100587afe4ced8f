// The "Endpoints" view: two groups (documented FinCode endpoints, the local sandbox's emulator
// endpoints), each endpoint with its method and path, the roles that may call it, and the
// permission-matrix row in its tooltip. The data is static (src/core/fincode/endpoints.ts).
import * as vscode from 'vscode';
import { ENDPOINT_GROUPS, ENDPOINTS, endpointById, endpointMarkdown, rolesSummary, type EndpointGroup } from '../../core/fincode/endpoints';

/** What a tree element is; "Open as Request" receives it as its argument. */
export type EndpointNode = { readonly kind: 'group'; readonly group: EndpointGroup } | { readonly kind: 'endpoint'; readonly id: string };

export function isEndpointNode(value: unknown): value is EndpointNode & { kind: 'endpoint' } {
  const node = value as Partial<{ kind: string; id: string }> | undefined;
  return typeof node === 'object' && node !== null && node.kind === 'endpoint' && typeof node.id === 'string';
}

export class EndpointsTreeProvider implements vscode.TreeDataProvider<EndpointNode> {
  getChildren(element?: EndpointNode): EndpointNode[] {
    if (!element) return ENDPOINT_GROUPS.map(({ group }) => ({ kind: 'group', group }));
    if (element.kind !== 'group') return [];
    return ENDPOINTS.filter((endpoint) => endpoint.group === element.group).map((endpoint) => ({ kind: 'endpoint', id: endpoint.id }));
  }

  getParent(element: EndpointNode): EndpointNode | undefined {
    if (element.kind === 'group') return undefined;
    const endpoint = endpointById(element.id);
    return endpoint ? { kind: 'group', group: endpoint.group } : undefined;
  }

  getTreeItem(element: EndpointNode): vscode.TreeItem {
    if (element.kind === 'group') {
      const label = ENDPOINT_GROUPS.find((entry) => entry.group === element.group)?.label ?? element.group;
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `fincode:endpointGroup:${element.group}`;
      item.contextValue = `fincode:endpointGroup:${element.group}`;
      item.iconPath = new vscode.ThemeIcon(element.group === 'documented' ? 'book' : 'beaker');
      return item;
    }
    const endpoint = endpointById(element.id);
    if (!endpoint) return new vscode.TreeItem('(unknown endpoint)');
    const item = new vscode.TreeItem(`${endpoint.method} ${endpoint.path}`, vscode.TreeItemCollapsibleState.None);
    const roles = rolesSummary(endpoint);
    item.id = endpoint.id;
    item.description = roles;
    const tooltip = new vscode.MarkdownString(endpointMarkdown(endpoint));
    tooltip.supportThemeIcons = false;
    item.tooltip = tooltip;
    item.contextValue = `fincode:endpoint:${endpoint.group}`;
    item.iconPath = new vscode.ThemeIcon(endpoint.localOnly ? 'debug-disconnect' : 'globe');
    item.accessibilityInformation = { label: `${endpoint.method} ${endpoint.path}, ${endpoint.title}, ${roles}` };
    return item;
  }
}
