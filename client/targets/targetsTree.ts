/**
 * The Targets tree: a row per target (local, SSH hosts) with its GPUs below, one row each with
 * utilization, memory, temperature and users. Node objects are kept by id and updated in place,
 * and only the rows whose state changed are refreshed, so periodic probes do not flicker.
 */
import * as vscode from 'vscode';
import { CONTEXT } from '../models/contextValues';
import { gpuDescription, hostDescription, isGpuFree, type GpuRow, type TargetRow } from '../models/hosts';
import type { TargetsModel } from './targetsModel';

export const TARGETS_VIEW_ID = 'trainyard.targets';

export type TargetsNode = { kind: 'target'; id: string; row: TargetRow } | { kind: 'gpu'; id: string; target: string; gpu: GpuRow } | { kind: 'info'; id: string; text: string };

export class TargetsTreeProvider implements vscode.TreeDataProvider<TargetsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TargetsNode | TargetsNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, TargetsNode>();
  private readonly sub: vscode.Disposable;

  constructor(private readonly model: TargetsModel) {
    this.sub = model.onDidChange((ids) => {
      if (!ids) return this.changed.fire(undefined);
      const changed = ids.map((id) => this.targetNode(model.row(id)!)).filter(Boolean);
      this.changed.fire(changed);
    });
  }

  private targetNode(row: TargetRow): TargetsNode {
    const key = `target:${row.id}`;
    const node = this.nodes.get(key);
    if (node && node.kind === 'target') {
      node.row = row; // same object: VS Code refreshes it in place
      return node;
    }
    const fresh: TargetsNode = { kind: 'target', id: key, row };
    this.nodes.set(key, fresh);
    return fresh;
  }

  private gpuNode(target: string, gpu: GpuRow): TargetsNode {
    const key = `gpu:${target}:${gpu.index}`;
    const node = this.nodes.get(key);
    if (node && node.kind === 'gpu') {
      node.gpu = gpu;
      return node;
    }
    const fresh: TargetsNode = { kind: 'gpu', id: key, target, gpu };
    this.nodes.set(key, fresh);
    return fresh;
  }

  getChildren(node?: TargetsNode): TargetsNode[] {
    if (!node) return this.model.all.map((r) => this.targetNode(r));
    if (node.kind !== 'target') return [];
    const p = node.row.probe;
    if (!p) return [];
    if (!p.ok) return [{ kind: 'info', id: `info:${node.row.id}`, text: p.message ?? 'probe failed' }];
    if (!p.gpus.length) return [{ kind: 'info', id: `info:${node.row.id}`, text: p.message ?? 'no GPUs' }];
    return p.gpus.map((g) => this.gpuNode(node.row.id, g));
  }

  getTreeItem(node: TargetsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'target': {
        const r = node.row;
        const hasChildren = !!r.probe;
        const item = new vscode.TreeItem(r.name, hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = hostDescription(r, Date.now());
        item.iconPath = new vscode.ThemeIcon(r.id === 'local' ? 'vm' : r.probe && !r.probe.ok ? 'debug-disconnect' : 'server');
        item.contextValue = r.id === 'local' ? CONTEXT.targetLocal : CONTEXT.targetHost;
        item.tooltip = `${r.id}${r.address ? ` (${r.address})` : ''}`;
        return item;
      }
      case 'gpu': {
        const g = node.gpu;
        const item = new vscode.TreeItem(`${g.index}: ${g.name}`, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = gpuDescription(g);
        item.iconPath = new vscode.ThemeIcon('circuit-board', new vscode.ThemeColor(isGpuFree(g) ? 'charts.green' : 'charts.orange'));
        item.contextValue = CONTEXT.gpu;
        const procs = g.processes.map((p) => `${p.user ?? '?'} ${p.name ?? ''} (pid ${p.pid ?? '?'}${p.memoryMiB !== undefined ? `, ${p.memoryMiB} MiB` : ''})`);
        item.tooltip = [`${g.name} on ${node.target}`, item.description, ...procs].join('\n');
        item.accessibilityInformation = { label: `GPU ${g.index} ${g.name}: ${item.description}` };
        return item;
      }
      case 'info': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = CONTEXT.info;
        return item;
      }
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
