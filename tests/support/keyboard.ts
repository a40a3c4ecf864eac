// Keyboard-only input for the browser tests: Tab to a control, choose in a radio group.
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** Presses Tab until the focus is on `selector` (the keyboard is the only input). */
export async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate(`!!document.activeElement?.matches(${JSON.stringify(selector)})`)) {
      return;
    }
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Chooses the `index`-th radio of a group: Tab into it, Space, then arrow keys. */
export async function choose(page: Page, name: string, index: number): Promise<void> {
  await tabTo(page, `input[name="${name}"]`);
  await page.keyboard.press("Space");
  for (let i = 0; i < index; i++) await page.keyboard.press("ArrowRight");
  expect(await page.evaluate(`document.activeElement.checked`)).toBe(true);
}
