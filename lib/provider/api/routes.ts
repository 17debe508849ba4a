import { customerRoutes } from './customers';
import { entitlementRoutes } from './entitlements';
import { eventRoutes } from './events';
import { hostedPageRoutes } from './hosted-pages';
import { invoiceRoutes } from './invoices';
import { itemPriceRoutes } from './item-prices';
import { paymentSourceRoutes } from './payment-sources';
import { portalSessionRoutes } from './portal-sessions';
import type { RouteDefinition } from './route';
import { subscriptionRoutes } from './subscriptions';
import { timeMachineRoutes } from './time-machines';

/** Every endpoint of the Chargebee-compatible API, below /api/v2. */
export const routes: RouteDefinition[] = [
  ...portalSessionRoutes,
  ...customerRoutes,
  ...paymentSourceRoutes,
  ...eventRoutes,
  ...hostedPageRoutes,
  ...itemPriceRoutes,
  ...subscriptionRoutes,
  ...invoiceRoutes,
  ...timeMachineRoutes,
  ...entitlementRoutes,
];
