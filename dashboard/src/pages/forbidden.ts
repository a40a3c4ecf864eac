import { el } from "../dom";
import { t } from "../i18n";
import type { Page } from "../page";

const forbidden: Page = async ({ main }) => {
  main.append(el("h1", {}, t("forbidden")));
};

export default forbidden;
