import { collectSpecFiles, loadSpecFile } from '../../core/spec';
import type { LoadedSpec, Problem } from '../../core/spec/model';
import { UsageError } from '../errors';
import { dim, green, printJson, progressLine, red, yellow, type Io } from '../io';
import type { Command } from './types';

type Format = 'text' | 'json' | 'github';

export const validate: Command = {
  name: 'validate',
  usage: 'validate <files|dirs…> [--format text|json|github]',
  summary: 'check specs; exit 1 on any error',
  help: `Directories are searched for *.trainyard.yaml / *.trainyard.yml.
--format text    file:line:col: severity: message [code]   (default)
--format json    one JSON document with every file and problem
--format github  GitHub workflow annotations (::error file=…,line=…::message)
--quiet          print problems only, no summary`,
  options: { format: { type: 'string' }, quiet: { type: 'boolean', short: 'q' } },
  async run({ values, positionals, json }, io) {
    const format = (json ? 'json' : (values.format as string | undefined) ?? 'text') as Format;
    if (!['text', 'json', 'github'].includes(format)) throw new UsageError(`--format must be text, json or github, not \`${format}\``);
    if (positionals.length === 0) throw new UsageError('name at least one spec file or directory');
    const { files, missing } = await collectSpecFiles(positionals);
    const progress = progressLine(io);
    // A few files in flight at once keeps the disk busy while the CPU parses; results keep file order.
    const results: LoadedSpec[] = new Array(files.length);
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < files.length) {
        const i = next++;
        results[i] = await loadSpecFile(files[i]!);
        if (files.length > 50 && ++done % 25 === 0) progress.update(`validating ${done}/${files.length}…`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(16, files.length) }, worker));
    progress.done();
    const all: Problem[] = results.flatMap((r) => r.problems);
    const errors = all.filter((p) => p.severity === 'error').length + missing.length;
    const warnings = all.filter((p) => p.severity === 'warning').length;
    const ok = errors === 0 && files.length > 0;

    if (format === 'json') {
      printJson(io, {
        ok,
        errorCount: errors,
        warningCount: warnings,
        missing,
        files: results.map((r) => ({ file: r.file, kind: r.kind ?? null, valid: !r.problems.some((p) => p.severity === 'error'), problems: r.problems.map(problemJson) })),
      });
    } else if (format === 'github') {
      for (const m of missing) io.out.write(`::error title=trainyard::${ghEscapeData(`${m}: no such file or directory`)}\n`);
      for (const p of all) io.out.write(githubAnnotation(p));
      if (!values.quiet) io.err.write(summary(files.length, errors, warnings) + '\n');
    } else {
      for (const m of missing) io.err.write(`${m}: ${red(io, 'error')}: no such file or directory\n`);
      for (const p of all) io.out.write(textLine(io, p));
      if (files.length === 0 && missing.length === 0) io.err.write(`${yellow(io, 'warning')}: no *.trainyard.yaml files found in ${positionals.join(', ')}\n`);
      if (!values.quiet) {
        const line = summary(files.length, errors, warnings);
        io.err.write((errors ? red(io, line) : warnings ? yellow(io, line) : green(io, line)) + '\n');
      }
    }
    return ok ? 0 : 1;
  },
};

function summary(files: number, errors: number, warnings: number): string {
  const f = `${files} spec${files === 1 ? '' : 's'}`;
  if (!errors && !warnings) return `✓ ${f} valid`;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${f}`;
}

export function problemJson(p: Problem) {
  return {
    file: p.file,
    line: p.range.start.line,
    column: p.range.start.column,
    endLine: p.range.end.line,
    endColumn: p.range.end.column,
    severity: p.severity,
    code: p.code,
    message: p.message,
    ...(p.pointer !== undefined ? { pointer: p.pointer } : {}),
    ...(p.suggestion !== undefined ? { suggestion: p.suggestion } : {}),
  };
}

export function textLine(io: Io, p: Problem): string {
  const sev = p.severity === 'error' ? red(io, 'error') : p.severity === 'warning' ? yellow(io, 'warning') : 'info';
  return `${p.file}:${p.range.start.line}:${p.range.start.column}: ${sev}: ${p.message} ${dim(io, `[${p.code}]`)}\n`;
}

// GitHub workflow command escaping: data escapes % CR LF; properties also escape : and ,
function ghEscapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function ghEscapeProp(s: string): string {
  return ghEscapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubAnnotation(p: Problem): string {
  const level = p.severity === 'error' ? 'error' : p.severity === 'warning' ? 'warning' : 'notice';
  const props = [
    `file=${ghEscapeProp(p.file)}`,
    `line=${p.range.start.line}`,
    `col=${p.range.start.column}`,
    `endLine=${p.range.end.line}`,
    `endColumn=${p.range.end.column}`,
    `title=${ghEscapeProp(`trainyard (${p.code})`)}`,
  ];
  return `::${level} ${props.join(',')}::${ghEscapeData(p.message)}\n`;
}
