import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initPgliteFolder, pgliteOptions } from '@/lib/db/pglite-memory';

/** Where this machine keeps the empty database initdb made, per PGlite version and start options. */
async function templateFolder(): Promise<string> {
  const manifest = path.join(process.cwd(), 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
  const options = createHash('sha256')
    .update(JSON.stringify(await pgliteOptions()))
    .digest('hex')
    .slice(0, 12);
  return path.join(os.tmpdir(), `gatehouse-pglite-template-${version}-${options}`);
}

/**
 * Fills an empty folder with a new PGlite database by copying one that initdb made once on this
 * machine, instead of running initdb again: several seconds of CPU for every suite's database and
 * every test server's data folder. The app opens it as it would any folder it made itself (migrations
 * included). The first caller makes the template in a folder of its own and renames it into place, so
 * test processes racing to make it never see half of one.
 */
export async function seedPgliteFolder(dir: string): Promise<void> {
  const template = await templateFolder();
  if (!fs.existsSync(path.join(template, 'PG_VERSION'))) {
    const staging = fs.mkdtempSync(`${template}-staging-`);
    await initPgliteFolder(staging);
    try {
      fs.renameSync(staging, template);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(template, dir, { recursive: true });
}
