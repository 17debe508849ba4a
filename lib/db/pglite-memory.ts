import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PGliteOptions } from '@electric-sql/pglite';

/**
 * PGlite's own default is PostgreSQL's 128 MB of shared buffers, all of it inside the process. The
 * embedded database is small (a demo, a single site's customers), and 16 MB holds it: the server's
 * resident memory drops by about 100 MB (docs/PERFORMANCE.md, "Memory").
 */
const sharedBuffers = '16MB';

/** The options the app opens its PGlite folder with. */
export async function pgliteOptions(): Promise<PGliteOptions> {
  const { PGlite } = await import('@electric-sql/pglite');
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams ?? [];
  return { startParams: [...defaults, '-c', `shared_buffers=${sharedBuffers}`] };
}

/**
 * Creates a new PGlite folder (PostgreSQL's initdb) in a worker thread that then ends. Done in the
 * server's own thread, initdb leaves about 500 MB of WebAssembly memory behind that is never given
 * back; the worker's goes back to the system when it exits. A folder that already holds a database is
 * left alone.
 */
export async function initPgliteFolder(dir: string): Promise<void> {
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return;
  const options = await pgliteOptions();
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    import('@electric-sql/pglite').then(async ({ PGlite }) => {
      const db = await PGlite.create(workerData.dir, workerData.options);
      await db.query('select 1');
      await db.close();
      parentPort.postMessage('done');
    });`;
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { dir, options } });
    let done = false;
    worker.once('message', () => {
      done = true;
    });
    worker.once('error', reject);
    worker.once('exit', (exitCode) =>
      done ? resolve() : reject(new Error(`PGlite's initdb worker stopped with code ${exitCode}`)),
    );
  });
}
