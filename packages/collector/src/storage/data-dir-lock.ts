// One owner per PGlite data directory: an exclusive lock file holding the owner's PID (and, once serving, its URL).
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'tellus.lock';

/** What the lock file says about its owner. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  /** The admin API of the collector serving this directory, once it listens. */
  url?: string;
}

/** The directory is owned by another live process. */
export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the data directory ${dataDir} is in use by process ${holder.pid}` +
        (holder.url ? ` (a collector serving ${holder.url})` : '') +
        '; PGlite allows one process per directory: stop that one first, or send the change through its admin API',
    );
  }
}

const lockPath = (dir: string) => join(dir, LOCK_FILE);

function readHolder(path: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof h.pid === 'number' ? (h as LockHolder) : null;
  } catch {
    return null;
  }
}

/** Whether that process still runs. EPERM means it exists under another user: alive too. */
function alive(holder: LockHolder): boolean {
  // A lock written on another machine (a shared disk) cannot be checked from here: assume it is held.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live owner of a directory, or null when it is free (no lock, or one left by a dead process). */
export function dataDirOwner(dir: string): LockHolder | null {
  const holder = readHolder(lockPath(dir));
  return holder && holder.pid !== process.pid && alive(holder) ? holder : null;
}

export interface DataDirLock {
  readonly dataDir: string;
  /** Writes the serving URL beside the PID, for CLI commands to find the admin API. */
  recordUrl(url: string): void;
  /** Removes the lock if it is still ours. Idempotent. */
  release(): void;
}

const held = new Map<string, { lock: DataDirLock; refs: number }>();

function create(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the directory's lock for this process, or throws DataDirBusyError naming the live owner.
 * A lock left by a dead process (SIGKILL, power loss) is taken over. Re-entrant within a process.
 */
export function lockDataDir(dir: string): DataDirLock {
  const path = lockPath(dir);
  const mine = held.get(path);
  if (mine) {
    mine.refs++;
    return mine.lock;
  }
  let holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; !create(path, holder); attempt++) {
    const other = readHolder(path);
    if (other && alive(other)) throw new DataDirBusyError(dir, other);
    if (attempt >= 3) throw new Error(`cannot take the lock ${path}: it keeps changing`);
    // Stale: move it aside atomically, so of two processes taking it over only one removes it.
    const aside = `${path}.${process.pid}.stale`;
    try {
      renameSync(path, aside);
    } catch {
      continue; // someone else moved it first; try creating again
    }
    const moved = readHolder(aside);
    if (moved && moved.pid !== other?.pid && alive(moved)) {
      // Between our read and the rename a live process took the lock: give it back.
      renameSync(aside, path);
      throw new DataDirBusyError(dir, moved);
    }
    unlinkSync(aside);
  }
  const removeIfOurs = () => {
    if (readHolder(path)?.pid !== process.pid) return;
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
  };
  function release() {
    const entry = held.get(path);
    if (!entry || --entry.refs > 0) return;
    held.delete(path);
    process.off('exit', removeIfOurs);
    removeIfOurs();
  }
  const lock: DataDirLock = {
    dataDir: dir,
    recordUrl(url) {
      holder = { ...holder, url };
      // Written aside and renamed over, so a reader never sees half a file.
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(holder));
      renameSync(tmp, path);
    },
    release,
  };
  // A normal exit removes the lock; a crash leaves it for the next owner to detect as stale.
  process.on('exit', removeIfOurs);
  held.set(path, { lock, refs: 1 });
  return lock;
}
