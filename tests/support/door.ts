// Helpers for a visit's day in the browser: the calendar day the service's rules go by, and the
// printed sheet of QR cards read back with a QR decoder.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import jsQRModule from "jsqr";
import type { Page } from "playwright-core";
import { PNG } from "pngjs";

import { SCREENSHOTS } from "./dashboard.js";

// jsqr is CommonJS whose types say `export default`: under NodeNext the default import is the
// module, whose `default` is the function (at run time both are).
const jsQR = jsQRModule.default;

/** `YYYY-MM-DD` in Warsaw, `days` from today: the calendar the service's rules go by. */
export function warsawDay(days = 0): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw" }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

export interface PrintedCard {
  registrationId: string;
  /** What the card's QR code decodes to; null when it cannot be read. */
  decoded: string | null;
  linkText: string;
  text: string;
}

/**
 * The sheet as paper shows it: print media on an A4-wide viewport, a screenshot of the whole
 * page kept as test-results/screenshots/<name>-print.png, and each card's QR code read back from
 * a screenshot of the card. Print media stays on: `emulateMedia({ media: "screen" })` ends it.
 */
export async function printedCards(page: Page, name: string) {
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: "print" });
  await mkdir(SCREENSHOTS, { recursive: true });
  await writeFile(
    path.join(SCREENSHOTS, `${name}-print.png`),
    await page.screenshot({ fullPage: true }),
  );
  const navigationShown = await page.locator("nav.manage-nav").isVisible();
  const cards: PrintedCard[] = [];
  const lefts = new Set<number>();
  for (const card of await page.locator(".qr-card").all()) {
    const png = PNG.sync.read(await card.locator("img.qr-card-code").screenshot());
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    lefts.add(Math.round((await card.boundingBox())!.x));
    cards.push({
      registrationId: (await card.getAttribute("data-registration"))!,
      decoded: code?.data ?? null,
      linkText: (await card.locator(".qr-card-link").textContent())!,
      text: (await card.innerText()) ?? "",
    });
  }
  const size = (await page.locator(".qr-card").first().boundingBox())!;
  return { cards, columns: lefts.size, navigationShown, size };
}
