// Staff sign-in (the `login` mutation), also shown when a token has expired.
import { ApiError, graphql } from "../api";
import { el } from "../dom";
import { t } from "../i18n";
import { type Role, saveSession } from "../session";
import { urlOf, type View } from "../state";

const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      expiresAt
      user {
        email
        role
      }
    }
  }
`;

interface LoginAnswer {
  login: { token: string; expiresAt: string; user: { email: string; role: Role } };
}

export type SignInReason = "expired" | "signedOut" | undefined;

/** `back` is the view to return to once signed in. */
export function renderSignIn(
  root: HTMLElement,
  back: View,
  reason: SignInReason,
  go: (view: View, replace?: boolean) => void,
): void {
  document.title = `${reason === "expired" ? t("expiredTitle") : t("signInTitle")} — Wizyty`;
  root.replaceChildren();
  const main = el("main", { id: "main", class: "signin", tabindex: "-1" });
  const other = back.lang === "pl" ? "en" : "pl";
  const langLink = el(
    "a",
    {
      class: "button lang-switch",
      href: urlOf({ ...back, page: "signin", lang: other }),
      lang: other,
    },
    t("switchLang"),
  );
  langLink.setAttribute("aria-label", t("switchLangLabel"));
  langLink.addEventListener("click", (event) => {
    event.preventDefault();
    go({ ...back, lang: other }, true);
  });
  main.append(langLink);
  main.append(el("h1", {}, reason === "expired" ? t("expiredTitle") : t("signInTitle")));
  if (reason === "expired") main.append(el("p", { class: "notice" }, t("expiredText")));
  if (reason === "signedOut")
    main.append(el("p", { class: "notice", role: "status" }, t("signedOutText")));
  main.append(el("p", {}, t("signInIntro")));
  const form = el("form", { class: "signin-form", novalidate: "" });
  const field = (name: string, type: string, key: "email" | "password", autocomplete: string) => {
    const wrap = el("div", { class: "field" });
    const input = el("input", { id: `signin-${name}`, name, type, autocomplete, required: "" });
    wrap.append(el("label", { for: input.id }, t(key)), input);
    return wrap;
  };
  const error = el("p", { class: "error", role: "alert", id: "signin-error" });
  const submit = el("button", { type: "submit", class: "primary" }, t("signIn"));
  form.append(
    field("email", "email", "email", "username"),
    field("password", "password", "password", "current-password"),
    error,
    submit,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    submit.disabled = true;
    submit.textContent = t("signingIn");
    error.textContent = "";
    graphql<LoginAnswer>(
      LOGIN,
      {
        email: String(data.get("email") ?? "").trim(),
        password: String(data.get("password") ?? ""),
      },
      { anonymous: true },
    )
      .then(({ login }) => {
        saveSession({
          token: login.token,
          expiresAt: login.expiresAt,
          email: login.user.email,
          role: login.user.role,
        });
        go(back.page === "signin" ? { ...back, page: "overview" } : back, true);
      })
      .catch((failure: unknown) => {
        const code = failure instanceof ApiError ? failure.code : "NETWORK";
        const retryAfter = failure instanceof ApiError ? failure.extensions.retryAfter : undefined;
        error.textContent =
          code === "TOO_MANY_REQUESTS"
            ? t("tooMany", { s: Number(retryAfter ?? 60) })
            : code === "NETWORK"
              ? t("networkError")
              : t("badCredentials");
        submit.disabled = false;
        submit.textContent = t("signIn");
        (form.elements.namedItem("password") as HTMLInputElement).focus();
      });
  });
  main.append(form);
  root.append(main);
}
