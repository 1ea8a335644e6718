// The data-directory lock: exclusive, naming a live owner, taking over a dead one's lock, re-entrant in one process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirBusyError, dataDirOwner, LOCK_FILE, lockDataDir } from './data-dir-lock.js';

const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tellus-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const writeLock = (dir: string, pid: number, url?: string) =>
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), startedAt: new Date().toISOString(), ...(url && { url }) }));

/** The PID of a process that has certainly exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout.trim();

describe('lockDataDir', () => {
  it('refuses a directory whose lock names a live process, naming its PID and URL', () => {
    const dir = freshDir();
    writeLock(dir, process.ppid, 'http://127.0.0.1:8787');
    expect(dataDirOwner(dir)).toMatchObject({ pid: process.ppid, url: 'http://127.0.0.1:8787' });
    let error: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirBusyError);
    expect((error as Error).message).toContain(`process ${process.ppid}`);
    expect((error as Error).message).toContain('http://127.0.0.1:8787');
    // The live owner's lock is left as it was.
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.ppid);
  });

  it('takes over a lock left by a process that died, and removes its own on release', () => {
    const dir = freshDir();
    const pid = Number(deadPid());
    writeLock(dir, pid);
    expect(dataDirOwner(dir)).toBeNull();
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.recordUrl('http://127.0.0.1:9999');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:9999' });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('is re-entrant within one process and keeps the lock until the last holder releases it', () => {
    const dir = freshDir();
    const a = lockDataDir(dir);
    const b = lockDataDir(dir);
    a.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    b.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
