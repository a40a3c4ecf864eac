// A new password's field and its length check, as the staff pages ask for one: the users page
// (an initial password, a reset) and the account page (one's own).
import { field } from "../forms";
import { words } from "../i18n";

const w = words(
  {
    hint: "Co najmniej 12 znaków.",
    tooShort: "Hasło musi mieć co najmniej 12 znaków.",
  },
  {
    hint: "At least 12 characters.",
    tooShort: "The password must have at least 12 characters.",
  },
);

export const MIN_PASSWORD_LENGTH = 12;

/** A required password field for a new password; `hint` adds to the length rule. */
export function newPasswordField(
  idPrefix: string,
  name: string,
  label: string,
  hint = "",
): HTMLElement {
  return field(idPrefix, {
    name,
    label,
    type: "password",
    required: true,
    hint: `${w("hint")} ${hint}`.trim(),
    autocomplete: "new-password",
    attrs: { minlength: String(MIN_PASSWORD_LENGTH) },
  });
}

/** For `onSubmit`'s `check`: the named password fields that are too short. */
export function shortPasswords(...names: string[]) {
  return (values: Record<string, string>): Record<string, string> =>
    Object.fromEntries(
      names
        .filter((name) => (values[name] ?? "").length < MIN_PASSWORD_LENGTH)
        .map((name) => [name, w("tooShort")]),
    );
}
