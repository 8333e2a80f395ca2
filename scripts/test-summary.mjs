#!/usr/bin/env node
// Prints one closing line for the whole `npm test` run ("total: N passed, N failed"), from the JSON reports
// that Vitest and Playwright wrote, so CI can read the counts without knowing either runner.
import { readFileSync } from 'node:fs';

const read = (path) => JSON.parse(readFileSync(path, 'utf8'));
const vitest = read('reports/vitest.json');
const playwright = read('reports/playwright.json');
const passed = vitest.numPassedTests + playwright.stats.expected;
const failed = vitest.numFailedTests + playwright.stats.unexpected + playwright.stats.flaky;
const skipped = vitest.numPendingTests + vitest.numTodoTests + playwright.stats.skipped;
console.log(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed`);
console.log(`playwright: ${playwright.stats.expected} passed, ${playwright.stats.unexpected} failed`);
console.log(`total: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed || skipped || passed === 0 ? 1 : 0);
