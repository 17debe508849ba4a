import fs from 'node:fs';
import path from 'node:path';

// Kernel pseudo-filesystems: writes there fail in odd ways (or reach a process's own folders through
// /proc/self), never into a folder that keeps data.
const pseudoFilesystems = ['/proc', '/sys'];

const reasons: Record<string, string> = {
  EACCES: 'this process may not write there',
  EPERM: 'this process may not write there',
  EROFS: 'it is on a read-only filesystem',
  ENOTDIR: 'a file is in the way where a folder should be',
  EEXIST: 'a file is in the way where a folder should be',
  ENOENT: 'the path cannot be created',
  ENOSPC: 'the disk is full',
  ELOOP: 'it loops through symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

const fix = 'Point DATA_DIR at a folder this process can create and write, e.g. DATA_DIR=.data.';

/** One line naming DATA_DIR, the folder and why it cannot be used, for a configuration message. */
export function dataDirProblem(dir: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = reasons[code] ?? (error as Error).message;
  return `DATA_DIR cannot be used (${dir}): ${reason}. ${fix}`;
}

/** DATA_DIR under /proc or /sys, refused before anything tries to write there. */
export function pseudoFilesystemProblem(dir: string): string | undefined {
  const resolved = path.resolve(dir);
  const root = pseudoFilesystems.find((prefix) => resolved === prefix || resolved.startsWith(`${prefix}/`));
  if (!root) return undefined;
  return `DATA_DIR cannot be used (${resolved}): ${root} is a kernel pseudo-filesystem, not storage. ${fix}`;
}

/**
 * Checks that DATA_DIR is a folder this process can create and write, before anything opens the
 * embedded database in it: a folder that cannot hold it otherwise leaves a server up that answers
 * every request with an error. Returns the problem, or undefined when the folder is usable.
 */
export function checkDataDir(dir: string): string | undefined {
  const resolved = path.resolve(dir);
  const pseudo = pseudoFilesystemProblem(resolved);
  if (pseudo) return pseudo;
  const probe = path.join(resolved, `.write-check-${process.pid}`);
  try {
    fs.mkdirSync(resolved, { recursive: true });
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    return undefined;
  } catch (error) {
    return dataDirProblem(resolved, error);
  }
}
