/**
 * Code lenses on Trainyard specs, calling the client's commands (DESIGN.md command ids) with the
 * spec's URI: jobs, services, pipelines and sweeps get "▶ Run", "Run on…" and "Render" on the `kind`
 * line (a sweep's or pipeline's controller job runs on the target picked, as a job does), and
 * each pipeline stage "▶ Run stage" (`trainyard.runJob` with [uri, stage]).
 */
import type { CodeLens, Range } from 'vscode-languageserver';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { childPointer } from '../core/yaml';
import { toRange } from './ranges';
import { formatOf, isObj } from './yamlNav';

export const COMMANDS = { run: 'trainyard.runJob', runOn: 'trainyard.runJobOn', render: 'trainyard.renderJob' } as const;

export function codeLenses(parsed: ParsedDocument, schemas: SchemaService, settings: ServerSettings): CodeLens[] {
  const doc = parsed.yaml?.docs[0];
  if (!doc || !isObj(doc.value) || formatOf(schemas, parsed, 0, settings) !== 'trainyard') return [];
  const v = doc.value;
  const kind = v.kind;
  if (kind !== 'job' && kind !== 'service' && kind !== 'pipeline' && kind !== 'sweep') return [];
  const k = doc.map.get('/kind');
  const top: Range = k?.key ? toRange(parsed.lines, k.key[0], k.value[1]) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const uri = parsed.uri;
  const lens = (range: Range, title: string, command: string, args: unknown[]): CodeLens => ({ range, command: { title, command, arguments: args } });
  const out: CodeLens[] = [lens(top, '▶ Run', COMMANDS.run, [uri])];
  out.push(lens(top, 'Run on…', COMMANDS.runOn, [uri]));
  out.push(lens(top, 'Render', COMMANDS.render, [uri]));
  if (kind === 'pipeline' && isObj(v.stages)) {
    for (const name of Object.keys(v.stages)) {
      const s = doc.map.get(childPointer('/stages', name));
      if (!s?.key) continue;
      out.push(lens(toRange(parsed.lines, s.key[0], s.key[1]), '▶ Run stage', COMMANDS.run, [uri, name]));
    }
  }
  return out;
}
