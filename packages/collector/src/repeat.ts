// Runs a background task now and then every interval, never two runs at once, on an unref'd timer.

export interface Repeating {
  /** Stops the timer; resolves when the run in progress (if any) has finished. */
  stop(): Promise<void>;
}

/** `task` failing is reported to `onError` and retried at the next interval; it never throws into the caller. */
export function repeat(task: () => Promise<void>, intervalMs: number, onError: (err: unknown) => void): Repeating {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = task()
      .catch(onError)
      .finally(() => {
        running = null;
      });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
