// TODO(issue 10): the check-in page.
import { el } from "../../dom";
import type { Page } from "../../page";

const page: Page = async ({ main }) => {
  main.append(el("h1", {}, "check-in"));
};

export default page;
