import type { TestProject } from 'vitest/node';
import { requireBuild } from '@/scripts/lib/build';
import { startTestServer } from '../support/server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One production server on its own embedded database, shared by the security suites. */
export default async function setup(project: TestProject) {
  requireBuild();
  const server = await startTestServer();
  project.provide('baseUrl', server.url);
  return async () => {
    await server.close();
  };
}
