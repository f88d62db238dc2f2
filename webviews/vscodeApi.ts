/** The webview side of the channel: typed, validated on receipt, with persisted UI state. */
import { parseToWebview, type ToHost, type ToWebview } from './protocol';

interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export interface Channel<S> {
  post(message: ToHost): void;
  /** Subscribes to valid host messages; invalid ones are dropped with a console warning. */
  onMessage(handler: (message: ToWebview) => void): void;
  getState(): S | undefined;
  setState(state: S): void;
}

export function channel<S>(): Channel<S> {
  const api = acquireVsCodeApi<S>();
  return {
    post: (m) => api.postMessage(m),
    onMessage(handler) {
      window.addEventListener('message', (e: MessageEvent) => {
        const m = parseToWebview(e.data);
        if (m) handler(m);
        else console.warn('trainyard monitor: dropped an invalid message', e.data);
      });
    },
    getState: () => api.getState(),
    setState: (s) => api.setState(s),
  };
}
