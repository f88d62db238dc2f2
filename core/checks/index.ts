/**
 * ML-aware checks beyond JSON Schema, as pure functions over plain JSON values (no I/O, no text
 * positions): each returns `{ pointer, message, severity }` findings the language server turns
 * into diagnostics. `matchCatalog` says which bundled schema (and so which check) applies.
 */
export type { CheckFinding, CheckSeverity } from './types';
export { matchCatalog, catalogEntry, globMatch, signatureMatches, CATALOG } from './catalogMatch';
export type { Catalog, CatalogEntry, CatalogSignature } from './catalogMatch';
export { checkDeepSpeed } from './deepspeed';
export { checkAccelerate, parseGpuIds } from './accelerate';
export { checkSweepParams, usesParam, paramEnvName, paramRefs, meantParamExpr } from './sweep-params';
export type { ParamRef } from './sweep-params';
export { checkK8sTarget } from './k8s-target';
export type { K8sTargetOptions } from './k8s-target';
export { checkK8sObject, parseQuantity } from './k8s-objects';
export { checkWandbSweep } from './wandb-sweep';
export { checkDvc } from './dvc';
export { checkMlflow } from './mlflow';

import type { CheckFinding } from './types';
import { checkDeepSpeed } from './deepspeed';
import { checkAccelerate } from './accelerate';
import { checkK8sObject } from './k8s-objects';
import { checkWandbSweep } from './wandb-sweep';
import { checkDvc } from './dvc';
import { checkMlflow } from './mlflow';

/** Checks for documents of a third-party catalog entry, by entry name. */
export const THIRD_PARTY_CHECKS: Record<string, (value: unknown) => CheckFinding[]> = {
  deepspeed: checkDeepSpeed,
  accelerate: checkAccelerate,
  'wandb-sweep': checkWandbSweep,
  dvc: checkDvc,
  mlflow: checkMlflow,
  'kubeflow-pytorchjob': checkK8sObject,
  'kubeflow-tfjob': checkK8sObject,
  'kubeflow-mpijob': checkK8sObject,
  'kubernetes-pod': checkK8sObject,
  'kubernetes-job': checkK8sObject,
  'kubernetes-cronjob': checkK8sObject,
  'kubernetes-deployment': checkK8sObject,
  'kubernetes-statefulset': checkK8sObject,
  'kubernetes-daemonset': checkK8sObject,
  'kubernetes-replicaset': checkK8sObject,
  'kubernetes-horizontalpodautoscaler': checkK8sObject,
  'kubernetes-service': checkK8sObject,
  'kubernetes-networkpolicy': checkK8sObject,
  'kubernetes-configmap': checkK8sObject,
  'kubernetes-limitrange': checkK8sObject,
  'kubernetes-list': checkK8sObject,
};
