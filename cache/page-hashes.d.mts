export const cachedPolicyHeader: string;
export const hashesMarker: string;
export const fallbackPolicy: string;
export function isFrameworkScript(body: string): boolean;
export function inlineHashes(html: string, tag: 'script' | 'style'): string[] & { unknown: number };
export function policyForHtml(template: string, html: string): string;
