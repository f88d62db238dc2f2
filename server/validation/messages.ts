/** A SchemaProblem → the sentence a user reads. Honours `errorMessage` and `patternErrorMessage`. */
import type { ErrorObject } from 'ajv';
import { didYouMean } from '../../core/spec/suggest';
import type { SchemaProblem } from './reduce';

type Schema = Record<string, unknown>;

export function messageFor(p: SchemaProblem): string {
  const e = p.error;
  const parent = (e.parentSchema ?? {}) as Schema;
  const custom = customMessage(parent, e.keyword);
  if (custom) return custom;
  if (p.alternatives) {
    const guess = suggestionFor(p);
    return (p.branches ? branchesMessage(p.branches, e) : alternativesMessage(p.alternatives, e)) + (guess ? ` (did you mean \`${guess}\`?)` : '');
  }
  return defaultMessage(e, parent);
}

/** The did-you-mean replacement of an unknown property or a misspelt enum value, when there is one. */
export function suggestionFor(p: SchemaProblem): string | undefined {
  const e = p.error;
  const params = e.params as Record<string, any>;
  if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
    const name = params.additionalProperty ?? params.unevaluatedProperty;
    return didYouMean(String(name), Object.keys(((e.parentSchema ?? {}) as Schema).properties ?? {}));
  }
  if (typeof e.data !== 'string') return undefined;
  const values: unknown[] = [];
  if (p.alternatives) {
    for (const a of p.alternatives) {
      if (a.keyword === 'const') values.push((a.params as { allowedValue: unknown }).allowedValue);
      else if (a.keyword === 'enum') values.push(...((a.params as { allowedValues: unknown[] }).allowedValues ?? []));
    }
  } else if (e.keyword === 'enum') values.push(...((params.allowedValues as unknown[]) ?? []));
  else if (e.keyword === 'const') values.push(params.allowedValue);
  const strings = values.filter((v): v is string => typeof v === 'string');
  return strings.length ? didYouMean(e.data, strings) : undefined;
}

function customMessage(parent: Schema, keyword: string): string | undefined {
  if (keyword === 'pattern' && typeof parent.patternErrorMessage === 'string') return parent.patternErrorMessage;
  const em = parent.errorMessage;
  if (typeof em === 'string') return em;
  if (em && typeof em === 'object') {
    const byKw = (em as Record<string, unknown>)[keyword];
    if (typeof byKw === 'string') return byKw;
  }
  return undefined;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function typeName(t: unknown): string {
  return Array.isArray(t) ? orList(t.map(typeName)) : (TYPE_NAMES[String(t)] ?? String(t));
}

function orList(xs: string[]): string {
  const u = [...new Set(xs)];
  if (u.length <= 1) return u[0] ?? '';
  return `${u.slice(0, -1).join(', ')} or ${u[u.length - 1]}`;
}

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 39) + '…' : v)}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `integer ${v}` : `number ${v}`;
  return `${typeof v} ${String(v)}`;
}

function fmt(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function alternativesMessage(alts: ErrorObject[], e: ErrorObject): string {
  const parts: string[] = [];
  const values: string[] = [];
  for (const a of alts) {
    if (a.keyword === 'type') parts.push(typeName((a.params as { type: unknown }).type));
    else if (a.keyword === 'const') values.push(`\`${fmt((a.params as { allowedValue: unknown }).allowedValue)}\``);
    else if (a.keyword === 'enum') for (const v of (a.params as { allowedValues: unknown[] }).allowedValues) values.push(`\`${fmt(v)}\``);
  }
  const allowed = [...new Set([...values.slice(0, 12), ...parts])];
  return `expected ${orList(allowed) || 'a different value'}, got ${describe(e.data)}`;
}

/**
 * One failed anyOf/oneOf, every branch failing on the value's shape: one sentence naming what each
 * branch accepts — `expected one of: a string (\`read-all\` or \`write-all\`) or a mapping, got …`.
 */
function branchesMessage(branches: ErrorObject[][], e: ErrorObject): string {
  const parts: string[] = [];
  let grouped = false;
  for (const list of branches) {
    const types: unknown[] = [];
    const values: string[] = [];
    for (const a of list) {
      if (a.keyword === 'type') types.push((a.params as { type: unknown }).type);
      else if (a.keyword === 'const') values.push(`\`${fmt((a.params as { allowedValue: unknown }).allowedValue)}\``);
      else if (a.keyword === 'enum') for (const v of (a.params as { allowedValues: unknown[] }).allowedValues ?? []) values.push(`\`${fmt(v)}\``);
    }
    const shown = [...new Set(values)].slice(0, 12).concat(values.length > 12 ? ['…'] : []);
    if (types.length && shown.length) {
      parts.push(`${typeName(types.length === 1 ? types[0] : types.flat())} (${orList(shown)})`);
      grouped = true;
    } else if (types.length) parts.push(typeName(types.length === 1 ? types[0] : types.flat()));
    else parts.push(...shown);
  }
  const allowed = [...new Set(parts)];
  if (allowed.length === 0) return alternativesMessage(branches.flat(), e);
  return `expected ${grouped && allowed.length > 1 ? 'one of: ' : ''}${orList(allowed)}, got ${describe(e.data)}`;
}

function defaultMessage(e: ErrorObject, parent: Schema): string {
  const params = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = params.additionalProperty ?? params.unevaluatedProperty;
      const known = Object.keys((parent.properties as Schema) ?? {});
      const guess = didYouMean(String(name), known);
      return `property \`${name}\` is not allowed here${guess ? ` (did you mean \`${guess}\`?)` : known.length && known.length <= 8 ? `; allowed: ${known.map((k) => `\`${k}\``).join(', ')}` : ''}`;
    }
    case 'required':
      return `missing required property \`${params.missingProperty}\``;
    case 'dependencies':
    case 'dependentRequired':
      return `\`${params.property}\` needs \`${params.missingProperty}\` as well`;
    case 'type':
      return `expected ${typeName(params.type)}, got ${describe(e.data)}`;
    case 'enum': {
      const allowed: unknown[] = params.allowedValues ?? [];
      const guess = typeof e.data === 'string' ? didYouMean(e.data, allowed.map(String)) : undefined;
      const list = allowed.slice(0, 12).map((v) => `\`${fmt(v)}\``).join(', ') + (allowed.length > 12 ? ', …' : '');
      return `${describe(e.data)} is not one of ${list}${guess ? ` (did you mean \`${guess}\`?)` : ''}`;
    }
    case 'const':
      return `expected \`${fmt(params.allowedValue)}\`, got ${describe(e.data)}`;
    case 'pattern':
      return `${describe(e.data)} does not match the pattern \`${params.pattern}\``;
    case 'format':
      return `${describe(e.data)} is not a valid ${params.format}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${describe(e.data)} must be ${params.comparison} ${params.limit}`;
    case 'multipleOf':
      return `${describe(e.data)} must be a multiple of ${params.multipleOf}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long`;
    case 'maxLength':
      return `must be at most ${params.limit} characters long`;
    case 'minItems':
      return params.limit === 1 ? 'the list must not be empty' : `the list needs at least ${params.limit} items`;
    case 'maxItems':
      return `the list may have at most ${params.limit} items`;
    case 'uniqueItems':
      return `items ${params.j + 1} and ${params.i + 1} are the same; items must be unique`;
    case 'minProperties':
      return params.limit === 1 ? 'the mapping must not be empty' : `needs at least ${params.limit} properties`;
    case 'maxProperties':
      return `may have at most ${params.limit} properties`;
    case 'propertyNames':
      return `property name \`${params.propertyName}\` is not allowed`;
    case 'not':
      return `${describe(e.data)} is not allowed here`;
    case 'false schema':
      return 'no value is allowed here';
    case 'oneOf':
      return params.passingSchemas ? 'matches more than one of the allowed forms; make it match exactly one' : `${describe(e.data)} matches none of the allowed forms`;
    case 'anyOf':
      return `${describe(e.data)} matches none of the allowed forms`;
    case 'contains':
      return 'the list does not contain a required item';
    case 'additionalItems':
    case 'items':
      return `the list may have at most ${params.limit} items`;
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}
