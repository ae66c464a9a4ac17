import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { PATIENCE_MS, eventually } from './patience';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The serious and critical problems axe finds on the page against WCAG 2.2 AA and best practice, each with where. */
export async function seriousAxeProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => `${node.target.join(' ')}${node.failureSummary ? ` ${node.failureSummary}` : ''}`).join(' | ')})`,
    );
}

/**
 * Waits for a surgery page's Web Chat to show the bot's check-in form and settle: for about a second after a card
 * arrives, Web Chat 4.18.1 keeps a copy of it in a hidden live region for screen readers, with its inputs unlabelled
 * (axe: "label"). Checking the page before the card arrives, or while that copy is there, depends on timing.
 */
export async function webChatSettled(page: Page): Promise<void> {
  await page.getByRole('region', { name: 'Check in' }).getByText('Your postcode').first().waitFor({ timeout: PATIENCE_MS });
  await eventually(async () => (await page.locator('.webchat__live-region-activity').count()) === 0, 'Web Chat empties its live region');
}
