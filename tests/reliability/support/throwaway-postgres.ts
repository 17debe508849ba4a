import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@/scripts/lib/free-port';

const run = promisify(execFile);
/** Debian's binaries of the newest PostgreSQL installed, unless POSTGRES_BIN_DIR names others. */
function binaryDir(): string {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0] ?? '15';
  return path.join(root, newest, 'bin');
}

const bin = binaryDir();

export type ThrowawayPostgres = {
  url: string;
  /** Stops the server at once, as a crash would: no checkpoint, connections cut. */
  kill: () => Promise<void>;
  start: () => Promise<void>;
  destroy: () => Promise<void>;
};

/** Runs a PostgreSQL binary as the `postgres` user when we are root (initdb and postgres refuse root). */
async function asPostgres(program: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const [command, commandArgs] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]]
    : [path.join(bin, program), args];
  return run(command, commandArgs, { timeout: 60_000 });
}

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free port, so a test may stop
 * it without touching the machine's server. Needs Debian's PostgreSQL binaries.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  if (!fs.existsSync(path.join(bin, 'pg_ctl'))) {
    throw new Error(`PostgreSQL binaries not found in ${bin}: install postgresql or set POSTGRES_BIN_DIR.`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-pg-'));
  const data = path.join(root, 'data');
  if (process.getuid?.() === 0) await run('chown', ['postgres:postgres', root]);
  fs.chmodSync(root, 0o700);
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', path.join(root, 'log'), '-w', 'start']);
  };
  const kill = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  await start();
  let destroyed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    kill,
    start,
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      await kill().catch(() => {});
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
