// Types for chromium.mjs.
export function chromiumPath(): string;
export const chromiumArgs: string[];
