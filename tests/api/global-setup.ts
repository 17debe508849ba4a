import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startTestServer } from '../support/server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One production server on the embedded database, shared by the API suites. */
export default async function setup(project: TestProject) {
  if (!fs.existsSync('.next/BUILD_ID')) {
    throw new Error('The API tests run against a production build: run `npm run build` first.');
  }
  const server = await startTestServer();
  project.provide('baseUrl', server.url);
  return async () => {
    await server.close();
  };
}
