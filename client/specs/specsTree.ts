/**
 * The Specs tree: the workspace's specs grouped by stage (data, train, evaluate, deploy, then
 * pipelines and others), each with an inline Run action and its problems (from the language
 * server's diagnostics). Re-reads on file changes and diagnostics changes of spec files.
 */
import * as vscode from 'vscode';
import { CONTEXT } from '../models/contextValues';
import { groupSpecs, summarizeSpec, type SpecSummary, type StageGroupName } from '../models/specGroups';
import { SPEC_GLOB, isSpecUri } from '../specFiles';

export const SPECS_VIEW_ID = 'trainyard.specs';

export type SpecsNode = { kind: 'stage'; group: StageGroupName; specs: Array<SpecSummary & { uri: vscode.Uri }> } | { kind: 'spec'; spec: SpecSummary & { uri: vscode.Uri } };

const STAGE_ICONS: Record<StageGroupName, string> = {
  data: 'database',
  train: 'flame',
  evaluate: 'checklist',
  deploy: 'cloud-upload',
  pipelines: 'type-hierarchy',
  other: 'file',
};

export class SpecsTreeProvider implements vscode.TreeDataProvider<SpecsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private specs: Array<SpecSummary & { uri: vscode.Uri }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(SPEC_GLOB);
    this.disposables.push(
      this.changed,
      watcher,
      watcher.onDidCreate(() => this.schedule()),
      watcher.onDidDelete(() => this.schedule()),
      watcher.onDidChange(() => this.schedule()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some(isSpecUri)) this.changed.fire();
      }),
    );
    void this.reload();
  }

  get all(): ReadonlyArray<SpecSummary & { uri: vscode.Uri }> {
    return this.specs;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), 200);
  }

  async reload(): Promise<void> {
    const uris = await vscode.workspace.findFiles(SPEC_GLOB, '**/node_modules/**', 2000);
    const specs = await Promise.all(
      uris.map(async (uri) => {
        let text = '';
        try {
          text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        } catch {
          // deleted meanwhile
        }
        return { ...summarizeSpec(vscode.workspace.asRelativePath(uri), text), uri };
      }),
    );
    this.specs = specs;
    this.changed.fire();
  }

  getChildren(node?: SpecsNode): SpecsNode[] {
    if (!node) return groupSpecs(this.specs).map((g) => ({ kind: 'stage', group: g.group, specs: g.specs as Array<SpecSummary & { uri: vscode.Uri }> }));
    if (node.kind === 'stage') return node.specs.map((spec) => ({ kind: 'spec', spec }));
    return [];
  }

  getTreeItem(node: SpecsNode): vscode.TreeItem {
    if (node.kind === 'stage') {
      const item = new vscode.TreeItem(node.group, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `stage:${node.group}`;
      item.iconPath = new vscode.ThemeIcon(STAGE_ICONS[node.group]);
      item.description = `${node.specs.length}`;
      item.contextValue = CONTEXT.specStage;
      return item;
    }
    const s = node.spec;
    const item = new vscode.TreeItem(s.name ?? s.path.replace(/^.*\//, ''), vscode.TreeItemCollapsibleState.None);
    item.id = `spec:${s.uri.toString()}`;
    item.resourceUri = s.uri; // file decorations (problems colours) from VS Code
    const diags = vscode.languages.getDiagnostics(s.uri);
    const errors = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const problems = [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
    item.description = [s.path, s.target, problems].filter(Boolean).join(' · ');
    item.iconPath = errors
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'))
      : warnings
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
        : new vscode.ThemeIcon(s.kind === 'pipeline' ? 'type-hierarchy' : s.kind === 'service' ? 'globe' : 'rocket');
    item.tooltip = `${s.path}${s.kind ? ` (${s.kind})` : ''}${problems ? `\n${problems}` : ''}`;
    item.contextValue = CONTEXT.spec;
    item.command = { command: 'vscode.open', title: 'Open Spec', arguments: [s.uri] };
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
