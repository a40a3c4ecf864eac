// Staff accounts (ADMIN only): who can sign in with which role, and a form to add one.
import { graphql } from "../../api";
import { dataTable, el } from "../../dom";
import { field, formElement, onSubmit, statusLine } from "../../forms";
import { formatDate, words } from "../../i18n";
import type { Page } from "../../page";
import { storedSession } from "../../session";
import { manageNav } from "./nav";

const w = words(
  {
    title: "Użytkownicy",
    adminsOnly: "Tę stronę widzą tylko administratorzy.",
    list: "Konta pracowników",
    email: "E-mail",
    role: "Rola",
    created: "Utworzone",
    add: "Dodaj użytkownika",
    password: "Hasło początkowe",
    passwordHint:
      "Co najmniej 12 znaków. Przekaż je osobie bezpiecznym kanałem; hasło nie jest nigdzie pokazywane ponownie.",
    tooShort: "Hasło musi mieć co najmniej 12 znaków.",
    create: "Dodaj",
    created_: "Dodano konto {email} z rolą {role}.",
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
    created: "Created",
    add: "Add a user",
    password: "Initial password",
    passwordHint:
      "At least 12 characters. Hand it over through a safe channel; it is never shown again.",
    tooShort: "The password must have at least 12 characters.",
    create: "Add",
    created_: "Added the account {email} with the role {role}.",
    ADMIN: "Administrator",
    COORDINATOR: "Coordinator",
    ANALYST: "Analyst",
  },
);

const USERS = /* GraphQL */ `
  query StaffUsers {
    users {
      email
      role
      createdAt
    }
  }
`;

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
  const { users } = await graphql<{ users: { email: string; role: Role; createdAt: string }[] }>(
    USERS,
  );
  if (view.options.added) {
    const note = statusLine();
    note.textContent = w("created_", {
      email: view.options.added,
      role: w((view.options.role as Role) ?? "ANALYST"),
    });
    main.append(note);
  }
  const { wrap, body } = dataTable(w("list"), [w("email"), w("role"), w("created")]);
  for (const user of users) {
    const row = body.appendChild(el("tr"));
    row.append(
      el("td", {}, user.email),
      el("td", {}, w(user.role)),
      el("td", {}, formatDate(user.createdAt.slice(0, 10))),
    );
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
    field("user", {
      name: "password",
      label: w("password"),
      type: "password",
      required: true,
      hint: w("passwordHint"),
      autocomplete: "new-password",
      attrs: { minlength: "12" },
    }),
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
    {
      check: (values): Record<string, string> =>
        values.password!.length < 12 ? { password: w("tooShort") } : {},
    },
  );
  section.append(form);
};

export default page;
