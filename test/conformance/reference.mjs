// The reference verdict for a conformance document: Ajv (what SchemaStore's own CI validates with),
// strict mode off, all formats from ajv-formats, the draft picked from the schema's `$schema`.
// Used to check that every sample document is labelled right for the schema version stored here
// (`node test/conformance/reference.mjs` prints disagreements), never to judge a language server.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const Ajv07 = require('ajv').default;
const Ajv2019 = require('ajv/dist/2019').default;
const Ajv2020 = require('ajv/dist/2020').default;
const AjvDraft04 = require('ajv-draft-04').default;
const addFormats = require('ajv-formats').default;
const yaml = require('yaml');

const here = dirname(fileURLToPath(import.meta.url));

export function makeAjv(schema) {
  const s = String(schema.$schema ?? '');
  const opts = { strict: false, allErrors: true, validateFormats: true, allowUnionTypes: true, discriminator: false };
  const ajv = s.includes('draft-04') ? new AjvDraft04(opts)
    : s.includes('2020-12') ? new Ajv2020(opts)
    : s.includes('2019-09') ? new Ajv2019(opts)
    : new Ajv07(opts);
  if (s.includes('draft-06')) ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  addFormats(ajv);
  return ajv;
}

/** Parses every YAML document of the text (YAML 1.2 core schema, merge keys on) and validates each. */
export function referenceErrors(schema, text, validate) {
  const docs = yaml.parseAllDocuments(text, { merge: true, uniqueKeys: true });
  const errors = [];
  for (const d of docs) {
    if (d.errors.length) { errors.push(...d.errors.map((e) => `yaml: ${e.message.split('\n')[0]}`)); continue; }
    const value = d.toJS({ maxAliasCount: 1000 });
    if (!validate(value === undefined ? null : value)) errors.push(...validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`));
  }
  return errors;
}

export function* suiteCases(root) {
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!existsSync(join(dir, 'schema.json'))) continue;
    yield { name, dir };
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const roots = process.argv.slice(2).length ? process.argv.slice(2) : [join(here, 'schemastore'), join(here, 'own')];
  let bad = 0;
  for (const root of roots) {
    if (!existsSync(root)) continue;
    for (const { name, dir } of suiteCases(root)) {
      const schema = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8'));
      let validate;
      try {
        const ajv = makeAjv(schema);
        // Other schema files of the case (targets of relative $refs), by their file name.
        for (const f of readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'schema.json')) ajv.addSchema(JSON.parse(readFileSync(join(dir, f), 'utf8')), f);
        validate = ajv.compile(schema);
      } catch (e) { console.log(`${name}: schema does not compile: ${e.message}`); bad++; continue; }
      for (const kind of ['valid', 'invalid']) {
        if (!existsSync(join(dir, kind))) continue;
        for (const f of readdirSync(join(dir, kind)).filter((n) => /\.ya?ml$/.test(n)).sort()) {
          const errs = referenceErrors(schema, readFileSync(join(dir, kind, f), 'utf8'), validate);
          if ((kind === 'valid') !== (errs.length === 0)) {
            bad++;
            console.log(`${name}/${kind}/${f}: Ajv says ${errs.length ? errs.slice(0, 3).join('; ') : 'valid'}`);
          }
        }
      }
    }
  }
  console.log(bad ? `${bad} disagreement(s)` : 'all documents labelled as Ajv judges them');
  process.exitCode = bad ? 1 : 0;
}
