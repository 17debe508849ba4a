import nextEnv from '@next/env';

/** Loads .env files the way `next start` does, so scripts and the server read the same values. */
export function loadEnvFiles(dev = false): void {
  nextEnv.loadEnvConfig(process.cwd(), dev, { info: () => {}, error: console.error });
}
