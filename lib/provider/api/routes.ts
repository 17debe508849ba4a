import { customerRoutes } from './customers';
import { portalSessionRoutes } from './portal-sessions';
import type { RouteDefinition } from './route';

/** Every endpoint of the Chargebee-compatible API, below /api/v2. */
export const routes: RouteDefinition[] = [...portalSessionRoutes, ...customerRoutes];
