import { el } from "./dom";

/** A page's own choice (measure, theme, interval…): a labelled select that acts on change. */
export function selectField(
  id: string,
  labelText: string,
  choices: { value: string; label: string }[],
  current: string | undefined,
  onChange: (value: string) => void,
): HTMLElement {
  const field = el("div", { class: "field" });
  const control = el("select", { id });
  for (const choice of choices) {
    const option = el("option", { value: choice.value }, choice.label);
    option.selected = choice.value === current;
    control.append(option);
  }
  control.addEventListener("change", () => onChange(control.value));
  field.append(el("label", { for: id }, labelText), control);
  return field;
}
