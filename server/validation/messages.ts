/** A SchemaProblem → the sentence a user reads. Honours `errorMessage` and `patternErrorMessage`. */
import type { ErrorObject } from 'ajv';
import { didYouMean } from '../../core/spec/suggest';
import { unescapeSegment } from '../../core/yaml';
import { matchedByContains, type SchemaProblem } from './reduce';

type Schema = Record<string, unknown>;

export function messageFor(p: SchemaProblem): string {
  const e = p.error;
  const parent = (e.parentSchema ?? {}) as Schema;
  const custom = customMessage(parent, e.keyword);
  if (custom) return custom;
  if (e.propertyName !== undefined && e.keyword !== 'propertyNames') return propertyNameMessage(e.propertyName, e, parent);
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
  if ((e.keyword === 'enum' && quotedHint(e.data, params.allowedValues ?? [])) || (e.keyword === 'const' && quotedHint(e.data, [params.allowedValue]))) return undefined;
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

/** A `propertyNames` subschema's error, about the key `name`: `property name \`Bad\` does not match the pattern …`. */
function propertyNameMessage(name: string, e: ErrorObject, parent: Schema): string {
  if (e.keyword === 'false schema') return `property \`${name}\` is not allowed here`;
  const m = defaultMessage(e, parent);
  const subject = describe(e.data);
  if (m.startsWith(subject + ' ')) return `property name \`${name}\`${m.slice(subject.length)}`;
  if (m.startsWith('must ')) return `property name \`${name}\` ${m}`;
  return `property name \`${name}\`: ${m}`;
}

/**
 * A string whose text is one of the allowed non-string values (`"1"` where `1` is allowed): the
 * value is quoted (or otherwise a string) where the schema wants the number/boolean/null.
 */
function quotedHint(data: unknown, allowed: unknown[]): string | undefined {
  if (typeof data !== 'string') return undefined;
  const hit = allowed.find((v) => v !== null && typeof v === 'object' ? false : typeof v !== 'string' && String(v) === data);
  if (hit === undefined && !(data === 'null' && allowed.includes(null))) return undefined;
  const kind = hit === undefined ? 'null' : typeof hit === 'boolean' ? `the boolean ${data}` : `the number ${data}`;
  return ` (a string: write it without quotes for ${kind})`;
}

/** What a `contains` subschema asks for, when it says so simply. */
function containsWhat(s: unknown): string {
  if (!s || typeof s !== 'object') return 'an item matching `contains`';
  const c = s as Schema;
  if (c.const !== undefined) return `\`${fmt(c.const)}\``;
  if (Array.isArray(c.enum) && c.enum.length <= 6) return `one of ${c.enum.map((v) => `\`${fmt(v)}\``).join(', ')}`;
  if (c.type !== undefined && Object.keys(c).every((k) => k === 'type' || k === 'description' || k === 'title')) return typeName(c.type);
  return 'an item matching `contains`';
}

function containsMessage(e: ErrorObject, parent: Schema): string {
  const params = e.params as { minContains?: number; maxContains?: number };
  const min = params.minContains ?? 1;
  const max = params.maxContains;
  const matched = matchedByContains(e);
  const what = containsWhat(parent.contains);
  const generic = what === 'an item matching `contains`';
  if (matched !== undefined && max !== undefined && matched > max) return `the list may have at most ${max} ${generic ? 'items matching `contains`' : `items that are ${what}`}, has ${matched}`;
  if (min <= 1) return `the list must contain ${what}`;
  return `the list needs at least ${min} ${generic ? 'items matching `contains`' : `items that are ${what}`}${matched !== undefined ? `, has ${matched}` : ''}`;
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
      const hint = quotedHint(e.data, allowed);
      return `${describe(e.data)} is not one of ${list}${hint ?? (guess ? ` (did you mean \`${guess}\`?)` : '')}`;
    }
    case 'const':
      return `expected \`${fmt(params.allowedValue)}\`, got ${describe(e.data)}${quotedHint(e.data, [params.allowedValue]) ?? ''}`;
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
      return `item ${params.i + 1} is the same as item ${params.j + 1}; the items must be unique`;
    case 'minProperties':
      return params.limit === 1 ? 'the mapping must not be empty' : `needs at least ${params.limit} properties`;
    case 'maxProperties':
      return `may have at most ${params.limit} properties`;
    case 'propertyNames':
      return `property name \`${params.propertyName}\` is not allowed`;
    case 'not':
      return `${describe(e.data)} is not allowed here`;
    case 'false schema': {
      if (/\/(properties|patternProperties)\/[^/]+\/false schema$/.test(e.schemaPath) && e.instancePath) {
        const key = unescapeSegment(e.instancePath.slice(e.instancePath.lastIndexOf('/') + 1));
        return `property \`${key}\` is not allowed here`;
      }
      return 'no value is allowed here';
    }
    case 'oneOf':
      return params.passingSchemas ? 'matches more than one of the allowed forms; make it match exactly one' : `${describe(e.data)} matches none of the allowed forms`;
    case 'anyOf':
      return `${describe(e.data)} matches none of the allowed forms`;
    case 'contains':
      return containsMessage(e, parent);
    case 'additionalItems':
    case 'items':
    case 'unevaluatedItems': {
      const extra = Array.isArray(e.data) ? e.data.length - params.limit : 0;
      return `the list may have at most ${params.limit} item${params.limit === 1 ? '' : 's'}${extra > 1 ? ` (${extra} too many, from this one)` : ''}`;
    }
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}
