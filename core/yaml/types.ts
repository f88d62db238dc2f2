/** What core/yaml hands out: plain JSON values with offset spans per JSON pointer. */

/** [start, end) offsets into the text. */
export type Span = readonly [number, number];

/** Where a value (and its key, for mapping members) sits in the source. */
export interface OffsetSpan {
  key?: Span;
  value: Span;
}

/** JSON pointer → span, in document order. */
export type OffsetMap = ReadonlyMap<string, OffsetSpan>;

export type YamlErrorCode =
  | 'yaml-syntax'
  | 'duplicate-key'
  | 'yaml-key'
  | 'yaml-alias'
  | 'yaml-alias-limit'
  | 'too-deep';

export interface YamlError {
  code: YamlErrorCode;
  message: string;
  start: number;
  end: number;
  severity: 'error' | 'warning';
}

export interface YamlDocument {
  /** The plain JSON value (null for an empty document; undefined when it could not be built). */
  value: unknown;
  map: OffsetMap;
  /** Offsets of the document's content (first node .. last node). */
  start: number;
  end: number;
  /** Problems inside this document (syntax problems are also listed on the parse). */
  errors: YamlError[];
}

export interface ParsedYaml {
  docs: YamlDocument[];
  /** Every problem, in text order. */
  errors: YamlError[];
  /** True when parts of the text were skipped to recover from syntax errors. */
  recovered: boolean;
}
