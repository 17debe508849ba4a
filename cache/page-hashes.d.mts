export const cachedPolicyHeader: string;
export const hashesMarker: string;
export const fallbackPolicy: string;
export function inlineHashes(html: string, tag: 'script' | 'style'): string[];
export function policyForHtml(template: string, html: string): string;
