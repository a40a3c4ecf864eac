/** Trims and collapses runs of whitespace, as typed into forms; empty becomes null. */
export function cleanText(value: string | null | undefined): string | null {
  const text = value?.trim().replace(/\s+/g, " ") ?? "";
  return text === "" ? null : text;
}

/** Like cleanText, but keeps line breaks (comments and notes have paragraphs). */
export function cleanParagraphs(value: string | null | undefined): string | null {
  const text =
    value
      ?.replace(/\r\n?/g, "\n")
      .split("\n")
      .map((line) => line.replace(/[^\S\n]+/g, " ").trim())
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim() ?? "";
  return text === "" ? null : text;
}
