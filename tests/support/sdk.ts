import Chargebee from 'chargebee';
import { inject } from 'vitest';
import { testApiKey } from './constants';

/** The official SDK, pointed at this app exactly as the Chargebee docs point it at a site. */
export function sdk(apiKey = testApiKey) {
  const url = new URL(inject('baseUrl'));
  return new Chargebee({
    site: url.hostname,
    hostSuffix: '',
    protocol: 'http',
    port: Number(url.port),
    apiKey,
    sdkTelemetryEnabled: false,
  });
}
