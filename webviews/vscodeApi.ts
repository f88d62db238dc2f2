/** The webview side of the channel: typed, validated on receipt, with persisted UI state. */
import { parseToWebview, type ToHost, type ToWebview } from './protocol';

interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export interface Channel<S, Out = ToHost, In = ToWebview> {
  post(message: Out): void;
  /** Subscribes to valid host messages; invalid ones are dropped with a console warning. */
  onMessage(handler: (message: In) => void): void;
  getState(): S | undefined;
  setState(state: S): void;
}

/** A channel whose incoming messages are checked by `parse` (a validator from protocol.ts). */
export function typedChannel<S, Out, In>(parse: (v: unknown) => In | undefined, label: string): Channel<S, Out, In> {
  const api = acquireVsCodeApi<S>();
  return {
    post: (m) => api.postMessage(m),
    onMessage(handler) {
      window.addEventListener('message', (e: MessageEvent) => {
        const m = parse(e.data);
        if (m) handler(m);
        else console.warn(`trainyard ${label}: dropped an invalid message`, e.data);
      });
    },
    getState: () => api.getState(),
    setState: (s) => api.setState(s),
  };
}

/** The job monitor's channel. */
export function channel<S>(): Channel<S> {
  return typedChannel<S, ToHost, ToWebview>(parseToWebview, 'monitor');
}
