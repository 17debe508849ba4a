import { DataDirInUseError } from '@/lib/db/dir-lock';
import { DatabaseUnreachableError } from '@/lib/db/postgres-errors';
import { ConfigError } from '@/lib/env';

/** Runs a script's main function; errors a person can act on are printed without a stack trace. */
export function runScript(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof DataDirInUseError ||
      error instanceof DatabaseUnreachableError
    )
      console.error(error.message);
    else console.error(error);
    process.exit(1);
  });
}
