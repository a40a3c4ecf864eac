// Staff accounts (ADMIN only): who can sign in with which role, a form to add one, and one user's
// account managed at a time (`?user=<id>`): role, disabling, password reset, sessions, deletion.
import "./manage.css";

import { graphql } from "../../api";
import { dataTable, el } from "../../dom";
import { field, formElement, onSubmit, statusLine } from "../../forms";
import { formatDate, words } from "../../i18n";
import type { Page, PageContext } from "../../page";
import { storedSession } from "../../session";
import { urlOf, type View } from "../../state";
import { newPasswordField, shortPasswords } from "../password";
import { manageNav } from "./nav";
import { confirmDialog } from "./visit-day";

const w = words(
  {
    title: "Użytkownicy",
    adminsOnly: "Tę stronę widzą tylko administratorzy.",
    list: "Konta pracowników",
    email: "E-mail",
    role: "Rola",
    status: "Stan",
    active: "Aktywne",
    disabled: "Wyłączone",
    lastSignIn: "Ostatnie logowanie",
    never: "nigdy",
    created: "Utworzone",
    actions: "Działania",
    manage: "Zarządzaj",
    manageOf: "kontem {email}",
    account: "Konto {email}",
    add: "Dodaj użytkownika",
    password: "Hasło początkowe",
    passwordHint:
      "Przekaż je osobie bezpiecznym kanałem; hasło nie jest nigdzie pokazywane ponownie.",
    create: "Dodaj",
    created_: "Dodano konto {email} z rolą {role}.",
    newRole: "Nowa rola",
    changeRole: "Zmień rolę",
    disable: "Wyłącz konto",
    disableText: "Wyłączone konto nie zaloguje się, a jego sesje przestają działać od razu.",
    enable: "Włącz konto",
    revoke: "Wyloguj ze wszystkich urządzeń",
    reset: "Ustaw nowe hasło początkowe",
    resetPassword: "Nowe hasło początkowe",
    resetHint: "Sesje tej osoby przestaną działać.",
    remove: "Usuń konto",
    removeTitle: "Usunąć konto?",
    removeText: "Konto {email} zostanie usunięte na stałe, a jego sesje przestaną działać.",
    removeYes: "Usuń",
    removeNo: "Anuluj",
    back: "Wróć do listy",
    done_role: "Zmieniono rolę konta {email}.",
    done_disabled: "Wyłączono konto {email}.",
    done_enabled: "Włączono konto {email}.",
    done_revoked: "Wylogowano konto {email} ze wszystkich urządzeń.",
    done_reset: "Ustawiono nowe hasło początkowe konta {email}.",
    done_deleted: "Usunięto konto {email}.",
    ADMIN: "Administrator",
    COORDINATOR: "Koordynator",
    ANALYST: "Analityk",
  },
  {
    title: "Users",
    adminsOnly: "Only administrators can see this page.",
    list: "Staff accounts",
    email: "E-mail",
    role: "Role",
    status: "Status",
    active: "Active",
    disabled: "Disabled",
    lastSignIn: "Last sign-in",
    never: "never",
    created: "Created",
    actions: "Actions",
    manage: "Manage",
    manageOf: "the account {email}",
    account: "Account {email}",
    add: "Add a user",
    password: "Initial password",
    passwordHint: "Hand it over through a safe channel; it is never shown again.",
    create: "Add",
    created_: "Added the account {email} with the role {role}.",
    newRole: "New role",
    changeRole: "Change role",
    disable: "Disable the account",
    disableText: "A disabled account cannot sign in, and its sessions stop working at once.",
    enable: "Enable the account",
    revoke: "Sign out of every device",
    reset: "Set a new initial password",
    resetPassword: "New initial password",
    resetHint: "This person's sessions will stop working.",
    remove: "Delete the account",
    removeTitle: "Delete the account?",
    removeText: "The account {email} will be deleted for good, and its sessions stop working.",
    removeYes: "Delete",
    removeNo: "Cancel",
    back: "Back to the list",
    done_role: "Changed the role of {email}.",
    done_disabled: "Disabled the account {email}.",
    done_enabled: "Enabled the account {email}.",
    done_revoked: "Signed {email} out of every device.",
    done_reset: "Set a new initial password for {email}.",
    done_deleted: "Deleted the account {email}.",
    ADMIN: "Administrator",
    COORDINATOR: "Coordinator",
    ANALYST: "Analyst",
  },
);

const USERS = /* GraphQL */ `
  query StaffUsers {
    users {
      id
      email
      role
      disabled
      createdAt
      lastSignInAt
    }
  }
`;

const ACTIONS = {
  role: `mutation ChangeUserRole($id: ID!, $role: Role!) { changeUserRole(id: $id, role: $role) { id } }`,
  disabled: `mutation DisableUser($id: ID!) { disableUser(id: $id) { id } }`,
  enabled: `mutation EnableUser($id: ID!) { enableUser(id: $id) { id } }`,
  revoked: `mutation RevokeUserTokens($id: ID!) { revokeUserTokens(id: $id) { id } }`,
  reset: `mutation ResetUserPassword($id: ID!, $password: String!) { resetUserPassword(id: $id, password: $password) { id } }`,
  deleted: `mutation DeleteUser($id: ID!) { deleteUser(id: $id) }`,
};
type Done = keyof typeof ACTIONS;

interface StaffUser {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

const CREATE = /* GraphQL */ `
  mutation CreateUser($input: UserInput!) {
    createUser(input: $input) {
      email
      role
    }
  }
`;

type Role = "ADMIN" | "COORDINATOR" | "ANALYST";
const ROLES: Role[] = ["COORDINATOR", "ANALYST", "ADMIN"];

const page: Page = async ({ view, main, go }) => {
  main.append(manageNav(view, "users"), el("h1", {}, w("title")));
  if (storedSession()?.role !== "ADMIN") {
    main.append(el("p", {}, w("adminsOnly")));
    return;
  }
  const { users } = await graphql<{ users: StaffUser[] }>(USERS);
  const note = main.appendChild(statusLine());
  if (view.options.added) {
    note.textContent = w("created_", {
      email: view.options.added,
      role: w((view.options.role as Role) ?? "ANALYST"),
    });
  }
  const done = view.options.done as Done | undefined;
  if (done && done in ACTIONS) {
    note.textContent = w(`done_${done}`, { email: view.options.email ?? "" });
  }
  const chosen = users.find((user) => user.id === view.options.user);
  if (chosen) main.append(accountSection(chosen, view, go));

  const headers = [w("email"), w("role"), w("status"), w("lastSignIn"), w("created")];
  const { wrap, body } = dataTable(w("list"), [...headers, w("actions")]);
  for (const user of users) {
    const row = body.appendChild(el("tr"));
    const manage = el("a", { href: urlOf({ ...view, options: { user: user.id } }) }, w("manage"));
    manage.append(
      el("span", { class: "visually-hidden" }, ` ${w("manageOf", { email: user.email })}`),
    );
    row.append(
      el("td", {}, user.email),
      el("td", {}, w(user.role)),
      el("td", {}, user.disabled ? w("disabled") : w("active")),
      el("td", {}, user.lastSignInAt ? formatDate(user.lastSignInAt.slice(0, 10)) : w("never")),
      el("td", {}, formatDate(user.createdAt.slice(0, 10))),
      el("td"),
    );
    row.lastElementChild!.append(manage);
  }
  main.append(wrap);

  const section = main.appendChild(el("section", { "aria-labelledby": "add-user" }));
  section.append(el("h2", { id: "add-user" }, w("add")));
  const form = formElement({ class: "user-form" });
  const button = el("button", { type: "submit", class: "primary" }, w("create"));
  form.append(
    field("user", {
      name: "email",
      label: w("email"),
      type: "email",
      required: true,
      autocomplete: "off",
    }),
    newPasswordField("user", "password", w("password"), w("passwordHint")),
    field("user", {
      name: "role",
      label: w("role"),
      type: "select",
      required: true,
      choices: ROLES.map((role) => ({ value: role, label: w(role) })),
    }),
    button,
  );
  onSubmit(
    form,
    button,
    async (values) => {
      const { createUser } = await graphql<{ createUser: { email: string; role: Role } }>(CREATE, {
        input: { email: values.email, password: values.password, role: values.role },
      });
      go({ ...view, options: { added: createUser.email, role: createUser.role } }, true);
    },
    { check: shortPasswords("password") },
  );
  section.append(form);
};

/** One user's account: a form per action, each reloading the page with what it did. */
function accountSection(user: StaffUser, view: View, go: PageContext["go"]): HTMLElement {
  const section = el("section", { class: "account", "aria-labelledby": "account-title" });
  section.append(
    el("h2", { id: "account-title", tabindex: "-1" }, w("account", { email: user.email })),
  );
  const run = async (action: Done, variables: Record<string, string> = {}) => {
    await graphql(ACTIONS[action], { id: user.id, ...variables });
    const options: Record<string, string> = { done: action, email: user.email };
    go({ ...view, options: action === "deleted" ? options : { ...options, user: user.id } }, true);
  };
  const actionForm = (
    key: string,
    label: string,
    fields: HTMLElement[],
    action: (values: Record<string, string>) => Promise<void>,
    check?: (values: Record<string, string>) => Record<string, string>,
  ) => {
    const form = formElement({ class: "user-form", id: `account-${key}` });
    const button = el("button", { type: "submit" }, label);
    form.append(...fields, button);
    onSubmit(form, button, action, { check });
    section.append(form);
    return form;
  };

  actionForm(
    "role",
    w("changeRole"),
    [
      field("account-role", {
        name: "role",
        label: w("newRole"),
        type: "select",
        required: true,
        value: user.role,
        choices: ROLES.map((role) => ({ value: role, label: w(role) })),
      }),
    ],
    (values) => run("role", { role: values.role! }),
  );
  if (user.disabled) actionForm("enable", w("enable"), [], () => run("enabled"));
  else {
    actionForm("disable", w("disable"), [el("p", {}, w("disableText"))], () => run("disabled"));
  }
  actionForm("revoke", w("revoke"), [], () => run("revoked"));
  actionForm(
    "reset",
    w("reset"),
    [newPasswordField("account-reset", "password", w("resetPassword"), w("resetHint"))],
    (values) => run("reset", { password: values.password! }),
    shortPasswords("password"),
  );

  const confirm = confirmDialog("delete-user", {
    title: w("removeTitle"),
    yes: w("removeYes"),
    no: w("removeNo"),
  });
  const remove = el("button", { type: "button", class: "primary danger" }, w("remove"));
  remove.addEventListener("click", () =>
    confirm.ask(w("removeText", { email: user.email }), remove, () => run("deleted")),
  );
  const back = el("a", { href: urlOf({ ...view, options: {} }) }, w("back"));
  const removeLine = el("p");
  removeLine.append(remove);
  const backLine = el("p");
  backLine.append(back);
  section.append(removeLine, confirm.element, backLine);
  return section;
}

export default page;
