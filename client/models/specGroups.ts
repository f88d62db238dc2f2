/** The Specs view's model: the workspace's specs grouped by stage. No `vscode` import. */
import { parse } from 'yaml';

export const STAGES = ['data', 'train', 'evaluate', 'deploy'] as const;
export type StageGroupName = (typeof STAGES)[number] | 'pipelines' | 'other';
export const GROUP_ORDER: readonly StageGroupName[] = [...STAGES, 'pipelines', 'other'];

export interface SpecSummary {
  /** Workspace-relative path (for sorting and labels). */
  path: string;
  name?: string;
  kind?: string;
  stage?: string;
  target?: string;
}

/** Reads the few top-level fields the view shows; tolerant of broken YAML (it is being edited). */
export function summarizeSpec(path: string, text: string): SpecSummary {
  const s: SpecSummary = { path };
  let v: unknown;
  try {
    v = parse(text, { prettyErrors: false, strict: false, uniqueKeys: false });
  } catch {
    return s;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return s;
  const o = v as Record<string, unknown>;
  for (const k of ['name', 'kind', 'stage', 'target'] as const) if (typeof o[k] === 'string') s[k] = o[k] as string;
  return s;
}

/** Which group a spec is listed under: its stage, `pipelines`, or `other`. */
export function groupOf(s: SpecSummary): StageGroupName {
  if (s.kind === 'pipeline') return 'pipelines';
  const stage = s.stage?.toLowerCase();
  if (stage && (STAGES as readonly string[]).includes(stage)) return stage as StageGroupName;
  // a few common spellings
  if (stage === 'eval' || stage === 'evaluation' || stage === 'test') return 'evaluate';
  if (stage === 'prepare' || stage === 'preprocess' || stage === 'etl') return 'data';
  if (stage === 'serve' || stage === 'serving' || s.kind === 'service') return 'deploy';
  if (stage === 'training' || stage === 'finetune') return 'train';
  return 'other';
}

/** Non-empty groups in GROUP_ORDER, specs sorted by path. */
export function groupSpecs(specs: readonly SpecSummary[]): Array<{ group: StageGroupName; specs: SpecSummary[] }> {
  const by = new Map<StageGroupName, SpecSummary[]>();
  for (const s of specs) {
    const g = groupOf(s);
    by.set(g, [...(by.get(g) ?? []), s]);
  }
  return GROUP_ORDER.filter((g) => by.has(g)).map((g) => ({ group: g, specs: by.get(g)!.sort((a, b) => a.path.localeCompare(b.path)) }));
}
