import { el } from "../dom";
import { t } from "../i18n";
import type { Page } from "../page";

const notFound: Page = async ({ main }) => {
  main.append(el("h1", {}, t("notFound")));
};

export default notFound;
