import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { expect } from './fixtures';

const SHOTS = process.env.S3FM_SHOTS;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

/**
 * axe-core on what the page shows now, in the light and the dark theme as the system would ask for them: no
 * serious or critical violation. Every rule in the light theme; in the dark one only those that read colours (the
 * rest see the same page). Screenshots of both when S3FM_SHOTS names a folder, for a person to look at.
 */
export async function audit(page: Page, where: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${where}-${colorScheme}.png` });
    // Legacy mode runs axe in the page itself: the app has no frames to combine, and it saves a page per run.
    const axe = new AxeBuilder({ page }).setLegacyMode(true);
    if (colorScheme === 'dark') axe.withRules(['color-contrast', 'link-in-text-block']);
    const { violations } = await axe.analyze();
    const bad = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        rule: v.id,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
      }));
    expect(bad, `${where}, ${colorScheme} theme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}
