// Writes docs/spec.md from the JSON Schemas in schemas/trainyard/ (the single source of truth).
// Usage: node scripts/gen-spec-doc.mjs [--check]
//   --check  exit 1 when docs/spec.md differs from what would be generated (tests and CI use it)
import { readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = join(root, 'schemas', 'trainyard');
const outFile = join(root, 'docs', 'spec.md');
const KINDS = ['job', 'service', 'pipeline', 'sweep'];

/** All schemas by `$id`. */
const byId = new Map();
for (const f of readdirSync(schemaDir).filter((n) => n.endsWith('.schema.json')).sort()) {
  const s = JSON.parse(readFileSync(join(schemaDir, f), 'utf8'));
  byId.set(s.$id, s);
}

/** Follows `$ref`s (relative to `base`); sibling keywords win over the referenced schema's. */
function resolve(schema, base) {
  if (!schema || typeof schema !== 'object' || !schema.$ref) return { schema, base, ref: undefined };
  const url = new URL(schema.$ref, base);
  const doc = byId.get(url.href.replace(/#.*$/, ''));
  if (!doc) throw new Error(`unresolved $ref ${schema.$ref} from ${base}`);
  let target = doc;
  for (const part of url.hash.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    target = target[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')];
    if (target === undefined) throw new Error(`unresolved $ref ${schema.$ref} from ${base}`);
  }
  const inner = resolve(target, doc.$id);
  const { $ref, ...siblings } = schema;
  return { schema: { ...inner.schema, ...siblings }, base: inner.base, ref: inner.ref ?? $ref };
}

const code = (s) => '`' + s + '`';
const isBody = (ref) => /#\/\$defs\/(runnableBody|serviceBody)$/.test(ref ?? '');

function typeText(schema, base) {
  const r = resolve(schema, base);
  const s = r.schema;
  if (isBody(r.ref)) return r.ref.endsWith('serviceBody') ? 'inline service' : 'inline job';
  if (s.const !== undefined) return code(JSON.stringify(s.const));
  if (s.enum) return s.enum.map((v) => code(v)).join(' | ');
  const alts = s.oneOf ?? s.anyOf;
  if (alts && !s.type) return alts.map((a) => typeText(a, r.base)).join(' or ');
  if (s.type === 'array') {
    const item = typeText(s.items ?? {}, r.base);
    return `array of ${item.includes(' or ') ? `(${item})` : item}`;
  }
  if (s.type === 'object' && !s.properties && s.additionalProperties) return 'map';
  // Small objects with required keys read best as their shape: `{secret}`, `{min, max}`.
  if (s.type === 'object' && s.properties && s.required?.length) return `{${s.required.join(', ')}}`;
  return s.type ?? 'any';
}

function defaultText(s, required) {
  if (required) return 'required';
  if (s.default === undefined) return '—';
  return code(typeof s.default === 'string' ? s.default : JSON.stringify(s.default));
}

const cell = (t) => String(t ?? '').replace(/\|/g, '\\|').replace(/\n+/g, ' ');
// Plain-text descriptions say `ssh:<alias>`; outside code spans `<…>` would read as HTML.
const text = (t) => cell(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Table rows for an object schema's properties, nested objects and maps as dotted paths. */
function rows(schema, base, prefix, out) {
  const r = resolve(schema, base);
  const s = r.schema;
  const required = new Set(s.required ?? []);
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    const p = resolve(prop, r.base);
    const path = prefix + key;
    out.push(`| ${code(path)} | ${cell(typeText(prop, r.base))} | ${defaultText(p.schema, required.has(key))} | ${text(p.schema.description)} |`);
    children(prop, r.base, path, out);
  }
  return out;
}

function children(prop, base, path, out) {
  const p = resolve(prop, base);
  if (isBody(p.ref)) return;
  const s = p.schema;
  if (s.properties) rows(s, p.base, path + '.', out);
  else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    const placeholder = path.split('.').pop() === 'env' ? '<NAME>' : '<name>';
    const value = resolve(s.additionalProperties, p.base);
    const valuePath = `${path}.${placeholder}`;
    out.push(`| ${code(valuePath)} | ${cell(typeText(s.additionalProperties, p.base))} | — | ${text(value.schema.description)} |`);
    children(s.additionalProperties, p.base, valuePath, out);
  }
  for (const alt of s.oneOf ?? s.anyOf ?? []) {
    const a = resolve(alt, p.base);
    if (!isBody(a.ref) && a.schema.type === 'object' && a.schema.properties) rows(a.schema, a.base, path + '.', out);
  }
}

// A small YAML writer for the examples (plain JSON values only).
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;
const NUMERIC = /^[-+]?(\.?[0-9][0-9_.eE+-]*|\.inf|\.nan|0x[0-9a-fA-F]+|0o[0-7]+)$/i;
function scalar(v) {
  if (typeof v !== 'string') return String(v);
  const plain =
    v !== '' &&
    v === v.trim() &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(v) &&
    !/: |:$| #/.test(v) &&
    !RESERVED.test(v) &&
    !NUMERIC.test(v);
  return plain ? v : JSON.stringify(v);
}
const isScalar = (v) => v === null || typeof v !== 'object';
function flow(v) {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${scalar(k)}: ${flow(x)}`).join(', ')}}`;
  const t = scalar(v);
  return /[,[\]{}]/.test(t) && !t.startsWith('"') ? JSON.stringify(v) : t;
}
function toYaml(value, indent = '') {
  const lines = [];
  for (const [k, v] of Object.entries(value)) {
    const key = `${indent}${scalar(k)}:`;
    if (typeof v === 'string' && v.includes('\n')) {
      lines.push(`${key} ${v.endsWith('\n') ? '|' : '|-'}`);
      for (const l of v.replace(/\n$/, '').split('\n')) lines.push(`${indent}  ${l}`);
    } else if (isScalar(v)) {
      lines.push(`${key} ${scalar(v)}`);
    } else if (Array.isArray(v) && v.every(isScalar)) {
      lines.push(`${key} ${flow(v)}`);
    } else if (Array.isArray(v)) {
      lines.push(key);
      for (const item of v) {
        const inner = toYaml(item, indent + '  ').split('\n');
        lines.push(`${indent}- ${inner[0].slice(indent.length + 2)}`, ...inner.slice(1));
      }
    } else if (Object.values(v).every(isScalar) && flow(v).length <= 50 && Object.keys(v).length <= 3) {
      lines.push(`${key} ${flow(v)}`);
    } else {
      lines.push(key, toYaml(v, indent + '  '));
    }
  }
  return lines.join('\n');
}

function kindSection(kind) {
  const id = `https://trainyard.dev/schemas/v1/${kind}.schema.json`;
  const schema = byId.get(id);
  const out = [`## ${kind}`, '', schema.markdownDescription, ''];
  out.push('| Field | Type | Default | Description |', '| --- | --- | --- | --- |');
  rows(schema, id, '', out);
  out.push('');
  if (kind === 'pipeline') {
    out.push('An inline `job` takes the fields of a [job](#job) and an inline `service` those of a [service](#service), without `version` and `kind`.', '');
  }
  if (kind === 'sweep') {
    out.push('An inline `job` takes the fields of a [job](#job) without `version` and `kind`.', '');
  }
  for (const [i, ex] of (schema.examples ?? []).entries()) {
    out.push(i === 0 ? '### Example' : '### Another example', '', '```yaml', toYaml(ex), '```', '');
  }
  return out.join('\n');
}

function render() {
  const intro = `<!-- Generated by scripts/gen-spec-doc.mjs from schemas/trainyard/*.schema.json. Do not edit by hand: edit the schemas and run \`npm run docs\`. -->

# The Trainyard spec format

A Trainyard spec is a YAML file that says what to run and what it needs. Its name ends in
\`.trainyard.yaml\` or \`.trainyard.yml\` (\`train.trainyard.yaml\`): that is how the editor and
the CLI recognise it, and the part before the suffix is the default \`name\`.

Every spec has a \`kind\`:

- [\`job\`](#job): a command that runs to completion (prepare data, train, evaluate);
- [\`service\`](#service): a long-running process on a port, such as a model server;
- [\`pipeline\`](#pipeline): stages of jobs and services with dependencies between them;
- [\`sweep\`](#sweep): one job run many times over a grid or random sample of parameters.

The smallest useful spec:

\`\`\`yaml
kind: job
run: python3 train.py
\`\`\`

## Format version

\`version\` says which version of the format a file is written in. Only \`1\` exists, and a
file without \`version\` is read as version 1. A future format will bump the number, so files
written today keep their meaning.

## Shared pieces (anchors)

YAML anchors, aliases and merge keys work anywhere. A top-level key starting with \`x-\` is
ignored by Trainyard (as in Compose files), a place to keep what several parts of a spec share:

\`\`\`yaml
x-job: &job
  resources: {gpus: 1}
  env: {HF_HOME: /data/hf}
stages:
  prep: {job: {<<: *job, run: python prep.py}}
  train: {job: {<<: *job, run: python train.py}, needs: [prep]}
\`\`\`

## Where jobs run

\`target\` is \`local\`, \`ssh:<alias>\`, \`ssh:[user@]host[:port]\` (IPv6 addresses in brackets) or
\`k8s:<context>/<namespace>\`. A target picked at launch (\`--target\` or the quick pick) wins over
the spec's; without either, the default target from \`~/.trainyard/config.yaml\` is used, and
\`local\` when none is configured. Commands run in \`workdir\`, the spec file's folder unless
set; remote targets receive a copy of that folder.

## Environment and secrets

Each job sees the variables of its \`env\`, plus the ones Trainyard sets: \`TRAINYARD_JOB_ID\`,
\`TRAINYARD_OUTPUT_DIR\`, \`TRAINYARD_METRICS_FILE\` (a JSON-lines file for metrics, one object
per line with numeric fields and a \`step\` or \`time\` field) and \`CUDA_VISIBLE_DEVICES\` for the
GPUs it was given.

Secrets stay out of specs. Write \`{secret: NAME}\` as the value instead:

\`\`\`yaml
env:
  WANDB_API_KEY: {secret: WANDB_API_KEY}
\`\`\`

When the job launches, \`NAME\` is looked up in the environment Trainyard runs in (your shell,
VS Code's environment or the CI job), then in \`~/.trainyard/secrets.yaml\`, a plain
\`NAME: value\` map. The value reaches the job but is masked wherever Trainyard prints: in
\`trainyard render\`, in \`--json\` output and in logs.

## Editor support

The schemas behind this page live in \`schemas/trainyard/\` (\`trainyard.schema.json\` picks the
kind's schema by \`kind\`). The Trainyard extension applies them to every \`*.trainyard.yaml\`
file for completion, hovers and checks; \`trainyard validate\` runs the same checks from a
terminal.
`;
  return [intro, ...KINDS.map(kindSection)].join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

const doc = render();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(outFile, 'utf8');
  } catch {
    // missing counts as out of date
  }
  if (current !== doc) {
    console.error('docs/spec.md is out of date with schemas/trainyard/; run `npm run docs` and commit the result');
    process.exit(1);
  }
  console.log('docs/spec.md is up to date');
} else {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, doc);
  console.log(`wrote ${outFile}`);
}
