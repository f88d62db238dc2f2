/**
 * core/spec: load, check and explain Trainyard specs. No `vscode` here; the language server,
 * the client and the CLI all go through this facade.
 */
export * from './model';
export { loadSpecText, loadSpecFile, collectSpecFiles, isSpecFileName, formatProblem } from './load';
export type { LoadOptions } from './load';
export type { Override } from './overrides';
export { parseOverridePath, parseOverrideValue } from './overrides';
export { didYouMean, editDistance } from './suggest';
export { parseDuration } from './duration';
export {
  getKindSchema,
  getRootSchema,
  getSchemaAt,
  getSchemaById,
  childSchema,
  deref,
  propertyNames,
  shortDescription,
  resolveRef,
} from './schemas';
export type { JsonSchema } from './schemas';
export { labelFor } from './validate';
export { DEFAULT_MAX_BYTES } from './decode';
export { MAX_DEPTH, MAX_EXPANDED_NODES } from './yaml';
export { MAX_GRID } from './semantic';
