// Types for demo/server.mjs, so TypeScript tests can drive the demo server.
export interface DemoServer {
  /** http://127.0.0.1:<port> (or the given host) */
  url: string;
  port: number;
  /** While true, every /v1/* request is dropped without an answer, as a dead network would. */
  setOffline(value: boolean): void;
  close(): Promise<void>;
}
export interface DemoServerOptions {
  collectorUrl: string;
  port?: number;
  host?: string;
  siteRoot?: string;
  widgetRoot?: string;
  /** Tests only: observe proxied requests; 'drop' on 'answered' cuts the browser's connection instead of passing the answer on. */
  onProxy?: (phase: 'forwarded' | 'answered', req: import('node:http').IncomingMessage) => void | 'drop' | Promise<void | 'drop'>;
}
export function startDemoServer(options: DemoServerOptions): Promise<DemoServer>;
