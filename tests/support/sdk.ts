import Chargebee from 'chargebee';
import { inject } from 'vitest';
import { testApiKey } from './constants';

/**
 * The official SDK, pointed at this app exactly as the Chargebee docs point it at a site: the shared
 * test server, or a server of the suite's own (`baseUrl`).
 */
export function sdk(apiKey = testApiKey, baseUrl = inject('baseUrl')) {
  const url = new URL(baseUrl);
  return new Chargebee({
    site: url.hostname,
    hostSuffix: '',
    protocol: 'http',
    port: Number(url.port),
    apiKey,
    sdkTelemetryEnabled: false,
  });
}
