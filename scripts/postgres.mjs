// A throwaway PostgreSQL cluster (initdb + pg_ctl) on a free loopback port, for the tests and the bench.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.mjs';

/** PG_BIN, else the newest Debian PostgreSQL install (the version follows the distribution's release). */
const newestDebian = () => {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return join(root, majors[0] ?? '15', 'bin');
};
export const PG_BIN = process.env.PG_BIN ?? newestDebian();
/** The major version in use, for labels. */
export const PG_MAJOR = /postgresql\/(\d+)\//.exec(PG_BIN)?.[1] ?? '';
export const hasPostgres = () => existsSync(join(PG_BIN, 'initdb'));

/** PostgreSQL refuses to run as root, so when we are root the cluster belongs to `postgres`. */
function runAs() {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function run(cmd, args, user) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

export async function startPostgres({ encoding = 'UTF8', durable = false } = {}) {
  if (!hasPostgres()) throw new Error(`PostgreSQL binaries not found in ${PG_BIN} (set PG_BIN)`);
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'tellus-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  await run(join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', encoding, '--no-sync'], user);
  // Tests do not need durability; these make a cluster start and write fast. The bench measures the defaults.
  const fast = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const opts = `-c listen_addresses=127.0.0.1 -k ${dir} -c max_connections=200${fast}`;
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await run(join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} ${opts}`, 'start'], user);
      break;
    } catch (err) {
      // Another process may have taken the port between probing and binding.
      if (attempt >= 3) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    /** The cluster's data directory (its postmaster.pid names the server process). */
    dataDir: data,
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', durable ? 'fast' : 'immediate', '-w', 'stop'], user).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
