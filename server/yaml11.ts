/**
 * YAML 1.1 readers. This server reads YAML 1.2 (as the YAML language server does), but most of
 * the tools whose files it checks read YAML 1.1: Kubernetes (kubectl's YAML library) and the
 * Python tools that load with PyYAML. Some plain scalars mean something else there, and the
 * tool then sees another value than the one checked here:
 * - `yes`/`no`/`on`/`off` (and, for Kubernetes, `y`/`n`) are booleans in YAML 1.1, text in 1.2:
 *   `value: yes` in a container's env is rejected by kubectl, `distributed_type: NO` is false
 *   to accelerate;
 * - PyYAML reads a float only with a dot and a signed exponent: `lr: 1e-4` is a number here and
 *   the text "1e-4" to W&B, SkyPilot or accelerate.
 * Such a scalar gets a warning saying how the tool reads it and how to write what was meant, when
 * the tool's reading is not valid for the schema (where both readings are, nothing is said).
 */
import { DiagnosticSeverity } from './protocol';
import type { Diagnostic } from 'vscode-languageserver';
import type { LineIndex, YamlDocument } from '../core/yaml';
import { childPointer } from '../core/yaml/pointer';
import { toRange } from './ranges';

export interface Yaml11Reader {
  /** Who reads the file, for messages. */
  name: string;
  /** PyYAML (floats need a dot and a signed exponent); else Go's YAML 1.1 (`y`/`n` are booleans too). */
  pyyaml: boolean;
}

/** Catalog entries whose tools read YAML 1.1 (DVC reads YAML 1.2; DeepSpeed is JSON). */
export function yaml11ReaderOf(catalogName: string | undefined): Yaml11Reader | undefined {
  if (!catalogName) return undefined;
  if (catalogName.startsWith('kubernetes-') || catalogName.startsWith('kubeflow-')) return { name: 'Kubernetes', pyyaml: false };
  const py: Record<string, string> = { skypilot: 'SkyPilot', dstack: 'dstack', 'wandb-sweep': 'W&B', mlflow: 'MLflow', accelerate: 'accelerate' };
  return py[catalogName] ? { name: py[catalogName], pyyaml: true } : undefined;
}

const TRUE_WORDS = new Set(['yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const FALSE_WORDS = new Set(['no', 'No', 'NO', 'off', 'Off', 'OFF']);
const GO_TRUE = new Set(['y', 'Y']);
const GO_FALSE = new Set(['n', 'N']);
/** A YAML 1.2 float with an exponent. */
const EXPONENT = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+$/;
/** What PyYAML reads as a float when there is an exponent: digits, a dot, a signed exponent. */
const PYYAML_EXPONENT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*[eE][-+][0-9]+$/;
const MAX_LEAVES = 5000;

interface Candidate {
  path: Array<string | number>;
  pointer: string;
  span: readonly [number, number];
  src: string;
  /** The value the YAML 1.1 reader sees. */
  seen: unknown;
  message: string;
}

/**
 * The warnings for `doc` (one YAML document of `text`) as `reader` reads it: scalars whose
 * YAML 1.1 reading the schema rejects where their YAML 1.2 reading passes (`validate` gives the
 * errors of a value: the document is checked again with those scalars as the tool reads them).
 * Where both readings pass (dstack's `max_duration: off` means the same to it either way)
 * nothing is said.
 */
export function yaml11Warnings(doc: YamlDocument, text: string, lines: LineIndex, reader: Yaml11Reader, validate: (value: unknown) => Array<{ instancePath: string }>): Diagnostic[] {
  const found: Candidate[] = [];
  let leaves = 0;
  const visit = (v: unknown, path: Array<string | number>, pointer: string): void => {
    if (leaves > MAX_LEAVES) return;
    if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) visit(v[i], [...path, i], `${pointer}/${i}`);
      else for (const k of Object.keys(v)) visit((v as Record<string, unknown>)[k], [...path, k], childPointer(pointer, k));
      return;
    }
    leaves++;
    const asBool = typeof v === 'string' ? boolOf(v, reader) : undefined;
    const isNumber = typeof v === 'number' && reader.pyyaml;
    if (asBool === undefined && !isNumber) return;
    const span = doc.map.get(pointer)?.value;
    if (!span) return;
    const src = text.slice(span[0], span[1]);
    // an explicit tag (`!!float 1e-5`, `!!str yes`) fixes the type for YAML 1.1 readers too
    if (/(?:^|[\s:\-[,{])!\S*[ \t]+$/.test(text.slice(Math.max(0, span[0] - 64), span[0]))) return;
    if (asBool !== undefined && src === v) {
      found.push({ path, pointer, span, src, seen: asBool, message: `\`${src}\` is text in YAML 1.2, but ${reader.name} reads YAML 1.1, where it is the boolean ${asBool}, which is not valid here: quote it ("${src}")` });
    } else if (isNumber && EXPONENT.test(src) && !PYYAML_EXPONENT.test(src)) {
      found.push({ path, pointer, span, src, seen: src, message: `\`${src}\` is a number in YAML 1.2, but ${reader.name} reads YAML with PyYAML, where it is the text "${src}" (a float needs a dot and a signed exponent), which is not valid here: write ${pyyamlFloat(src)}` });
    }
  };
  visit(doc.value, [], '');
  if (found.length === 0) return [];
  // the document as the tool reads it: errors it has that this reading does not
  const key = (e: { instancePath: string }) => JSON.stringify(e);
  const before = new Set(validate(doc.value).map(key));
  let asRead = doc.value;
  for (const c of found) asRead = withValue(asRead, c.path, c.seen);
  const added = validate(asRead).filter((e) => !before.has(key(e)));
  const out: Diagnostic[] = [];
  for (const c of found) {
    const related = added.some((e) => e.instancePath === c.pointer || e.instancePath.startsWith(`${c.pointer}/`) || c.pointer.startsWith(`${e.instancePath}/`));
    if (related) out.push({ range: toRange(lines, c.span[0], c.span[1]), severity: DiagnosticSeverity.Warning, source: 'trainyard', code: 'yaml-1.1', message: c.message });
  }
  return out;
}

/** `root` with the value at `path` replaced (copies along the path only). */
function withValue(root: unknown, path: Array<string | number>, v: unknown): unknown {
  if (path.length === 0) return v;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = root.slice();
    copy[head as number] = withValue(root[head as number], rest, v);
    return copy;
  }
  const obj = root as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...obj };
  Object.defineProperty(copy, head as string, { value: withValue(obj[head as string], rest, v), enumerable: true, writable: true, configurable: true });
  return copy;
}

function boolOf(s: string, reader: Yaml11Reader): boolean | undefined {
  if (TRUE_WORDS.has(s) || (!reader.pyyaml && GO_TRUE.has(s))) return true;
  if (FALSE_WORDS.has(s) || (!reader.pyyaml && GO_FALSE.has(s))) return false;
  return undefined;
}

/** `1e-4` → `1.0e-4`, `5E3` → `5.0E+3`: the same number in the form PyYAML reads as a float. */
function pyyamlFloat(src: string): string {
  const m = /^([-+]?)([0-9]*)(?:\.([0-9]*))?([eE])([-+]?)([0-9]+)$/.exec(src)!;
  const [, sign, int, frac, e, expSign, exp] = m;
  return `${sign}${int || '0'}.${frac || '0'}${e}${expSign || '+'}${exp}`;
}
