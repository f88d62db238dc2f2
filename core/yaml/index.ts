/**
 * core/yaml: the one position-aware YAML parse of core/ and server/ (see parse.ts).
 */
export * from './types';
export { parseYaml, parseYamlFast, MAX_DEPTH } from './parse';
export { IncrementalYaml } from './incremental';
export { MAX_EXPANDED_NODES } from './compose';
export { resolvePlain } from './scalars';
export { LineIndex } from './lines';
export { isLineBreak, isWhite } from './chars';
export { childPointer, parentPointer, splitPointer, escapeSegment, unescapeSegment } from './pointer';
