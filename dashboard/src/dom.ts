// The one way pages make elements (a tag, its attributes and its text), and the data table.
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

let tables = 0;

/**
 * A data table under a caption, with its header row (`num` headers right-aligned over numbers),
 * inside a region that scrolls on a narrow screen and that the keyboard can reach; rows go into
 * the returned `body`.
 */
export function dataTable(
  caption: string,
  headers: (string | { text: string; num?: boolean })[],
  { className = "", hideCaption = false }: { className?: string; hideCaption?: boolean } = {},
): { wrap: HTMLElement; body: HTMLTableSectionElement } {
  const id = `table-${++tables}-caption`;
  const wrap = el("div", {
    class: "table-wrap",
    role: "region",
    "aria-labelledby": id,
    tabindex: "0",
  });
  const table = wrap.appendChild(el("table", { class: `data ${className}`.trim() }));
  // A caption a heading above already shows stays for screen readers only.
  table.append(el("caption", hideCaption ? { id, class: "visually-hidden" } : { id }, caption));
  const head = table.appendChild(el("thead")).appendChild(el("tr"));
  for (const header of headers) {
    const { text, num } = typeof header === "string" ? { text: header, num: false } : header;
    head.append(el("th", num ? { scope: "col", class: "num" } : { scope: "col" }, text));
  }
  return { wrap, body: table.appendChild(el("tbody")) };
}
