// TODO(issue 10): the visits page.
import { el } from "../../dom";
import type { Page } from "../../page";

const page: Page = async ({ main }) => {
  main.append(el("h1", {}, "visits"));
};

export default page;
