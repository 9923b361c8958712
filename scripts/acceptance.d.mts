// Types of scripts/acceptance.mjs for TypeScript callers (tests).
export * from './acceptance-targets.mjs';
