// Every staff user's own account: change one's password, sign out on every device.
import { graphql } from "../api";
import { el } from "../dom";
import { field, formElement, onSubmit, statusLine } from "../forms";
import { words } from "../i18n";
import type { Page } from "../page";
import { clearSession, saveSession, storedSession } from "../session";
import { newPasswordField, shortPasswords } from "./password";

const w = words(
  {
    title: "Moje konto",
    who: "Zalogowano jako {email}, rola: {role}.",
    change: "Zmień moje hasło",
    current: "Obecne hasło",
    next: "Nowe hasło",
    save: "Zmień hasło",
    wrongCurrent: "Obecne hasło jest inne.",
    changed: "Hasło zmienione. Inne urządzenia zostały wylogowane; to pozostaje zalogowane.",
    everywhere: "Wyloguj wszędzie",
    everywhereText:
      "Unieważnia każdą sesję tego konta, także tę: trzeba będzie zalogować się ponownie na każdym urządzeniu.",
    everywhereButton: "Wyloguj ze wszystkich urządzeń",
    ADMIN: "Administrator",
    COORDINATOR: "Koordynator",
    ANALYST: "Analityk",
  },
  {
    title: "My account",
    who: "Signed in as {email}, role: {role}.",
    change: "Change my password",
    current: "Current password",
    next: "New password",
    save: "Change password",
    wrongCurrent: "The current password is different.",
    changed: "Password changed. Other devices have been signed out; this one stays signed in.",
    everywhere: "Sign out everywhere",
    everywhereText:
      "Ends every session of this account, this one too: you will sign in again on each device.",
    everywhereButton: "Sign out of every device",
    ADMIN: "Administrator",
    COORDINATOR: "Coordinator",
    ANALYST: "Analyst",
  },
);

const ME = /* GraphQL */ `
  query Me {
    me {
      id
      email
      role
    }
  }
`;

const CHANGE = /* GraphQL */ `
  mutation ChangeOwnPassword($currentPassword: String!, $newPassword: String!) {
    changeOwnPassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      token
      expiresAt
    }
  }
`;

const REVOKE = /* GraphQL */ `
  mutation SignOutEverywhere($id: ID!) {
    revokeUserTokens(id: $id) {
      id
    }
  }
`;

type Role = "ADMIN" | "COORDINATOR" | "ANALYST";

const page: Page = async ({ view, main, go }) => {
  const { me } = await graphql<{ me: { id: string; email: string; role: Role } }>(ME);
  main.append(
    el("h1", {}, w("title")),
    el("p", {}, w("who", { email: me.email, role: w(me.role) })),
  );
  const note = statusLine();
  if (view.options.changed) note.textContent = w("changed");

  const change = main.appendChild(el("section", { "aria-labelledby": "change-password" }));
  change.append(el("h2", { id: "change-password" }, w("change")));
  const form = formElement({ class: "user-form" });
  const save = el("button", { type: "submit", class: "primary" }, w("save"));
  form.append(
    // Lets a password manager fill the right entry.
    el("input", { type: "hidden", name: "username", value: me.email, autocomplete: "username" }),
    field("account", {
      name: "currentPassword",
      label: w("current"),
      type: "password",
      required: true,
      autocomplete: "current-password",
    }),
    newPasswordField("account", "newPassword", w("next")),
    save,
  );
  onSubmit(
    form,
    save,
    async (values) => {
      const { changeOwnPassword } = await graphql<{
        changeOwnPassword: { token: string; expiresAt: string };
      }>(CHANGE, { currentPassword: values.currentPassword, newPassword: values.newPassword });
      const session = storedSession();
      if (session) saveSession({ ...session, ...changeOwnPassword });
      go({ ...view, options: { changed: "1" } }, true);
    },
    { check: shortPasswords("newPassword"), messages: { currentPassword: w("wrongCurrent") } },
  );
  change.append(form, note);

  const everywhere = main.appendChild(el("section", { "aria-labelledby": "sign-out-everywhere" }));
  everywhere.append(
    el("h2", { id: "sign-out-everywhere" }, w("everywhere")),
    el("p", {}, w("everywhereText")),
  );
  const revoke = formElement();
  const revokeButton = el("button", { type: "submit" }, w("everywhereButton"));
  revoke.append(revokeButton);
  onSubmit(revoke, revokeButton, async () => {
    await graphql(REVOKE, { id: me.id });
    clearSession();
    go({ ...view, page: "overview", options: {} });
  });
  everywhere.append(revoke);
};

export default page;
