export const cachedPages: Record<string, string>;
export const sessionCookies: string[];
export const liveQueries: string[];
export function cachedPageRewrites(): {
  source: string;
  destination: string;
  missing: { type: 'cookie' | 'query'; key: string }[];
}[];
export function servesCachedCopy(path: string, cookieNames: string[], queryNames: string[]): boolean;
