// What a page module receives, and how it asks for another view.
import type { View } from "./state";

export interface PageContext {
  view: View;
  main: HTMLElement;
  /** Opens another view (pushes it onto the history unless `replace`). */
  go(view: View, replace?: boolean): void;
}

export type Page = (context: PageContext) => Promise<void>;

/** Sent on `window` once a page is on screen and has the focus the app gives it by default. */
export const SHOWN_EVENT = "wizyty:shown";
