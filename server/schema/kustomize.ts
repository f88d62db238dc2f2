/**
 * Kustomize patches. An overlay's patch file (`patches: [{path: deployment-patch.yaml}]`,
 * `patchesStrategicMerge`, `patchesJson6902` in the kustomization next to it) holds only the
 * fields it changes, so it is no complete manifest: checked as one, it would be told that
 * `containers`, `selector` and the rest are missing. The Kubernetes entries of the catalog do not
 * claim such files (a modeline or a setting still can).
 */
import * as path from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { readCached } from '../../core/spec/machine';

const KUSTOMIZATIONS = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The patch files a kustomization names, as paths relative to its folder (normalised). */
function patchPaths(text: string): string[] {
  let doc: unknown;
  try {
    doc = loadYaml(text);
  } catch {
    return [];
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const k = doc as Record<string, unknown>;
  const out: string[] = [];
  const add = (p: unknown) => {
    if (typeof p === 'string' && p && !p.includes('\n')) out.push(path.posix.normalize(p.replace(/\\/g, '/')));
  };
  for (const key of ['patchesStrategicMerge']) if (Array.isArray(k[key])) for (const p of k[key] as unknown[]) add(p);
  for (const key of ['patches', 'patchesJson6902']) {
    if (!Array.isArray(k[key])) continue;
    for (const p of k[key] as unknown[]) if (p && typeof p === 'object') add((p as Record<string, unknown>).path);
  }
  return out;
}

/** Whether `file` (an absolute path) is a patch that a kustomization in its folder or a folder above names. */
export function isKustomizePatch(file: string): boolean {
  let dir = path.dirname(file);
  // the kustomization may sit a few folders up (`patches/deployment.yaml`)
  for (let depth = 0; depth < 3; depth++) {
    for (const name of KUSTOMIZATIONS) {
      const patches = readCached(path.join(dir, name), patchPaths, [] as string[], 'kustomize-patches');
      if (patches.length === 0) continue;
      const rel = path.relative(dir, file).split(path.sep).join('/');
      if (patches.includes(path.posix.normalize(rel))) return true;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return false;
}
