// Child-process plumbing for end-to-end tests: free ports, waiting for an output line, and bounded exits.
import type { ChildProcess } from 'node:child_process';
export { freePort } from '../../../scripts/free-port.mjs';

/** Collects a child's stdout+stderr and resolves when a line matches, rejecting on exit or after `timeoutMs`. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): { found: Promise<string>; output: () => string } {
  let text = '';
  const found = new Promise<string>((ok, fail) => {
    const onData = (d: Buffer) => {
      text += d.toString();
      const m = pattern.exec(text);
      if (m) {
        cleanup();
        ok(m[0]);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      fail(new Error(`process exited (${signal ?? code}) before printing ${pattern}:\n${text}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      fail(new Error(`no ${pattern} within ${timeoutMs} ms:\n${text}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', onExit);
  });
  return { found, output: () => text };
}

/** Resolves with the exit code/signal, or `null` when the process is still running after `timeoutMs`. */
export function exited(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((ok) => {
    const timer = setTimeout(() => ok(null), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      ok({ code, signal });
    });
  });
}

/** Polls `probe` until it returns a value other than undefined, failing with `describe()` after the deadline. */
export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, describe: () => string | Promise<string>, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${await describe()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
