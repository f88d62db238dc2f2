/**
 * The one command wrapper. Every command goes through `registerCommand`: failures are logged
 * with their stack to the "Trainyard" log and shown as a toast with "Show Output"; long work
 * gets a cancellable progress notification whose token becomes an AbortSignal here.
 */
import * as vscode from 'vscode';
import { isTrainyardError } from '../core/errors';
import { toAbortSignal } from './abort';
import { log } from './log';

export interface CommandContext {
  /** Aborted when the user cancels the progress notification (never aborted without `progress`). */
  signal: AbortSignal;
  /** Updates the progress notification's message (no-op without `progress`). */
  report(message: string): void;
}

export interface CommandOptions {
  /** Title of a cancellable progress notification shown while the command runs. */
  progress?: string;
}

export type CommandHandler = (ctx: CommandContext, ...args: any[]) => unknown;

const SHOW_OUTPUT = 'Show Output';

export function registerCommand(id: string, handler: CommandHandler, opts: CommandOptions = {}): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      if (!opts.progress) {
        return await handler({ signal: new AbortController().signal, report: () => {} }, ...args);
      }
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: opts.progress, cancellable: true },
        async (progress, token) => {
          const abort = toAbortSignal(token);
          try {
            return await handler({ signal: abort.signal, report: (message) => progress.report({ message }) }, ...args);
          } finally {
            abort.dispose();
          }
        },
      );
    } catch (err) {
      reportError(id, err);
      return undefined;
    }
  });
}

/** Logs `err` (with its stack) and shows a toast; cancellations are logged quietly. */
export function reportError(context: string, err: unknown): void {
  if (isTrainyardError(err) && err.reason === 'aborted') {
    log().info(`${context}: cancelled`);
    return;
  }
  const expected = isTrainyardError(err);
  const message = err instanceof Error ? err.message : String(err);
  if (expected) log().warn(`${context}: ${message}${causeText(err)}`);
  else log().error(`${context}: ${err instanceof Error && err.stack ? err.stack : message}`);
  const text = expected ? `Trainyard: ${message}` : `Trainyard: unexpected error: ${message}`;
  void vscode.window.showErrorMessage(text, SHOW_OUTPUT).then((choice) => {
    if (choice === SHOW_OUTPUT) log().show(true);
  });
}

function causeText(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  if (cause === undefined) return '';
  return ` (cause: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)})`;
}
