import type { TestProject } from 'vitest/node';
import { requireBuild } from '@/scripts/lib/build';
import { startTestServer } from '../support/server';

/** One production server on the embedded database, shared by the suites of a project (api, security). */
export default async function setup(project: TestProject) {
  requireBuild();
  const server = await startTestServer();
  project.provide('baseUrl', server.url);
  return async () => {
    await server.close();
  };
}
