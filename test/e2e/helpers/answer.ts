// Answers the demo surveys the way a visitor does: with the mouse, or with the keyboard only. Locale-independent (by position).
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { built } from '../../helpers/classes';

export const widget = (page: Page): Locator => page.locator('tellus-widget');

/** Opens a demo page in a new tab and waits until its SDK has the survey definitions (so cutting the network after is fair). */
export async function openDemoPage(context: BrowserContext, url: string): Promise<Page> {
  const p = await context.newPage();
  const surveys = p.waitForResponse((r) => r.url().includes('/v1/sites/demo/surveys'));
  await p.goto(url);
  await surveys;
  return p;
}
const dialog = (page: Page) => widget(page).getByRole('dialog');
/** The primary button (Next / Send in any language) is the last button of the survey's navigation. */
const primary = (page: Page) => widget(page).locator(built('.tellus-nav .tellus-button:not(.tellus-secondary)'));

export async function waitForThanks(page: Page, timeout = 10_000): Promise<void> {
  await widget(page).locator(built('.tellus-thanks')).waitFor({ state: 'visible', timeout });
}

/** Waits until a survey is on screen and ready for its first answer. */
export async function waitForQuestion(page: Page, timeout = 15_000): Promise<void> {
  await dialog(page).getByRole('radiogroup').first().waitFor({ state: 'visible', timeout });
}

/** Shop: place the order, which fires `order_placed` and brings up the post-purchase survey. */
export async function placeOrder(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Place order' }).click();
  await waitForQuestion(page);
}

/** Help desk: end the chat, which fires `chat_closed` and brings up the post-chat survey. */
export async function endChat(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'End chat' }).click();
  await waitForQuestion(page);
}

/** Shop: rate the (open) post-purchase survey with stars; a low score gets the follow-up. */
export async function ratePurchase(page: Page, stars: number, followUp = ''): Promise<void> {
  await dialog(page)
    .getByRole('radio')
    .nth(stars - 1)
    .click();
  if (stars <= 3) {
    await dialog(page).locator('textarea').fill(followUp);
    await primary(page).click();
  }
  await waitForThanks(page);
}

/** Help desk: rate the (open) post-chat survey and say what could be better. */
export async function rateChat(page: Page, score: number, better: string): Promise<void> {
  await dialog(page)
    .getByRole('radio')
    .nth(score - 1)
    .click();
  await dialog(page).locator('textarea').fill(better);
  await primary(page).click();
  await waitForThanks(page);
}

export async function answerPostPurchase(page: Page, stars: number, followUp = ''): Promise<void> {
  await placeOrder(page);
  await ratePurchase(page, stars, followUp);
}

export async function answerPostChat(page: Page, score: number, better: string): Promise<void> {
  await endChat(page);
  await rateChat(page, score, better);
}

/** Account: the NPS shows by itself on the page; answer score, why, and the kind of feedback. */
export async function answerAccountNps(page: Page, score: number, why: string, kind: 'complaint' | 'compliment' | 'suggestion'): Promise<void> {
  await waitForQuestion(page);
  await dialog(page).getByRole('radio').nth(score).click(); // 0..10
  await dialog(page).locator('textarea').fill(why);
  await primary(page).click();
  await dialog(page).getByRole('radio').nth(['complaint', 'compliment', 'suggestion'].indexOf(kind)).click();
  await primary(page).click();
  await waitForThanks(page);
}

/** Salon: the inline matrix (one rating per service quality), then a complaint or compliment with a message. */
export async function answerSalon(page: Page, ratings: number[], kind: 'complaint' | 'compliment', message: string): Promise<void> {
  await waitForQuestion(page);
  const groups = dialog(page).getByRole('radiogroup');
  for (const [row, value] of ratings.entries())
    await groups
      .nth(row)
      .getByRole('radio')
      .nth(value - 1)
      .click();
  await primary(page).click();
  await dialog(page)
    .getByRole('radio')
    .nth(kind === 'complaint' ? 0 : 1)
    .click();
  await primary(page).click(); // a choice waits for Next; the message box follows it
  await dialog(page).locator('textarea').fill(message);
  await primary(page).click();
  await waitForThanks(page);
}

/** Describes the focused element, looking through shadow roots (the widget lives in one). */
export const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return '';
    return [el.tagName.toLowerCase(), el.getAttribute('role') ?? '', el.getAttribute('aria-label') ?? '', el.className, el.id].join('|');
  });

/** Presses Tab until the focus matches, at most `max` times: keyboard-only users get there the same way. */
export async function tabTo(page: Page, match: RegExp, max = 12): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (match.test(await focused(page))) return;
    await page.keyboard.press('Tab');
  }
  expect(await focused(page)).toMatch(match);
}
