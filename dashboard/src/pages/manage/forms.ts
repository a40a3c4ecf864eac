// Feedback form versions per programme: which options each version asks about, which version each
// visit's invitations use, and a new version published from a copy of the latest.
import { graphql } from "../../api";
import { dataTable, el } from "../../dom";
import { formElement, showErrors, statusLine, submitting } from "../../forms";
import { formatDate, formatDates, label, words } from "../../i18n";
import type { Page } from "../../page";
import { urlOf } from "../../state";
import { manageNav } from "./nav";

const w = words(
  {
    title: "Formularze ankiet",
    intro:
      "Każdy program ma własny zestaw opcji w trzech tematach dyskusji. Wersji nie zmienia się: nowa wersja obowiązuje w zaproszeniach wydanych po jej opublikowaniu, a odpowiedzi zachowują wersję, na którą odpowiadano.",
    programme: "Program",
    noProgrammes: "Nie ma jeszcze żadnej wizyty, więc nie ma też programów.",
    versions: "Wersje formularza",
    version: "Wersja",
    published: "Opublikowana",
    options: "Opcje",
    noVersions:
      "Ten program nie ma jeszcze opublikowanej wersji. Pierwsze zaproszenia dostaną wersję 1 ze wszystkimi opcjami.",
    visits: "Które wersje mają wizyty",
    visit: "Wizyta",
    dates: "Termin",
    usesVersion: "Wersja w zaproszeniach",
    notIssued: "zaproszenia jeszcze niewydane",
    publish: "Opublikuj nową wersję",
    publishIntro:
      "Zaznacz opcje, o które ma pytać nowa wersja (zaznaczone są te z najnowszej wersji). W każdym temacie co najmniej jedna.",
    publishButton: "Opublikuj wersję",
    pickOne: "Wybierz co najmniej jedną opcję w temacie „{theme}”.",
    publishedNow: "Opublikowano wersję {v} programu „{p}”.",
  },
  {
    title: "Feedback forms",
    intro:
      "Each programme has its own set of options in the three discussion themes. Versions are never edited: a new version applies to invitations issued after it is published, and responses keep the version they answered.",
    programme: "Programme",
    noProgrammes: "There are no visits yet, so there are no programmes either.",
    versions: "Form versions",
    version: "Version",
    published: "Published",
    options: "Options",
    noVersions:
      "This programme has no published version yet. The first invitations get version 1 with every option.",
    visits: "Which versions the visits use",
    visit: "Visit",
    dates: "Dates",
    usesVersion: "Version in invitations",
    notIssued: "invitations not issued yet",
    publish: "Publish a new version",
    publishIntro:
      "Tick the options the new version asks about (those of the latest version are ticked). At least one in each theme.",
    publishButton: "Publish version",
    pickOne: "Choose at least one option in the theme “{theme}”.",
    publishedNow: "Published version {v} of the programme “{p}”.",
  },
);

const DATA = /* GraphQL */ `
  query FormsPage {
    visits(first: 100) {
      edges {
        node {
          id
          title
          programme
          startDate
          endDate
          feedbackFormVersions
        }
      }
    }
    themeOptions {
      theme
      labelPl
      labelEn
      options {
        code
        labelPl
        labelEn
      }
    }
  }
`;

const VERSIONS = /* GraphQL */ `
  query FormVersions($programme: String!) {
    feedbackForms(programme: $programme) {
      version
      createdAt
      questions {
        themes {
          theme
          options {
            code
            labelPl
            labelEn
          }
        }
      }
    }
  }
`;

const PUBLISH = /* GraphQL */ `
  mutation PublishForm($input: PublishFeedbackFormInput!) {
    publishFeedbackForm(input: $input) {
      version
    }
  }
`;

interface Labelled {
  labelPl: string;
  labelEn: string;
}
interface Option extends Labelled {
  code: string;
}
interface Theme extends Labelled {
  theme: string;
  options: Option[];
}
interface FormsData {
  visits: {
    edges: {
      node: {
        id: string;
        title: string;
        programme: string;
        startDate: string;
        endDate: string;
        feedbackFormVersions: number[];
      };
    }[];
  };
  themeOptions: Theme[];
}
interface VersionsData {
  feedbackForms: {
    version: number;
    createdAt: string;
    questions: { themes: { theme: string; options: Option[] }[] };
  }[];
}

const page: Page = async ({ view, main, go }) => {
  main.append(manageNav(view, "forms"), el("h1", {}, w("title")), el("p", {}, w("intro")));
  // The programmes are those of the visits.
  const data = await graphql<FormsData>(DATA);
  const programmes = [...new Set(data.visits.edges.map((e) => e.node.programme))].sort();
  if (programmes.length === 0) {
    main.append(el("p", {}, w("noProgrammes")));
    return;
  }
  const programme = programmes.includes(view.options.programme ?? "")
    ? view.options.programme!
    : programmes[0]!;
  const { feedbackForms } = await graphql<VersionsData>(VERSIONS, { programme });

  const chooser = el("div", { class: "field form-field" });
  const select = el("select", { id: "forms-programme" });
  for (const name of programmes) {
    const option = select.appendChild(el("option", { value: name }, name));
    option.selected = name === programme;
  }
  select.addEventListener("change", () =>
    go({ ...view, options: { ...view.options, programme: select.value } }),
  );
  chooser.append(el("label", { for: select.id }, w("programme")), select);
  main.append(chooser);

  main.append(el("h2", {}, w("versions")));
  if (feedbackForms.length === 0) main.append(el("p", {}, w("noVersions")));
  else {
    const { wrap, body } = dataTable(`${w("versions")}: ${programme}`, [
      w("version"),
      w("published"),
      w("options"),
    ]);
    for (const form of [...feedbackForms].reverse()) {
      const row = body.appendChild(el("tr"));
      row.append(el("td", { class: "num" }, String(form.version)));
      row.append(el("td", {}, formatDate(form.createdAt.slice(0, 10))));
      const cell = row.appendChild(el("td"));
      for (const theme of form.questions.themes) {
        const name = data.themeOptions.find((t) => t.theme === theme.theme);
        cell.append(
          el(
            "p",
            {},
            `${name ? label(name) : theme.theme}: ${theme.options.map(label).join("; ")}`,
          ),
        );
      }
    }
    main.append(wrap);
  }

  main.append(el("h2", {}, w("visits")));
  const { wrap: visitsWrap, body: visitsBody } = dataTable(`${w("visits")}: ${programme}`, [
    w("visit"),
    w("dates"),
    w("usesVersion"),
  ]);
  for (const { node } of data.visits.edges.filter((e) => e.node.programme === programme)) {
    const row = visitsBody.appendChild(el("tr"));
    const link = el(
      "a",
      { href: urlOf({ ...view, page: "manage-visit", id: node.id, options: {} }) },
      node.title,
    );
    row.appendChild(el("td")).append(link);
    row.append(el("td", {}, formatDates(node.startDate, node.endDate)));
    const versions = node.feedbackFormVersions;
    row.append(el("td", {}, versions.length ? versions.join(", ") : w("notIssued")));
  }
  main.append(visitsWrap);

  main.append(
    publishForm(data.themeOptions, feedbackForms, programme, (version) =>
      go({ ...view, options: { programme, published: String(version) } }, true),
    ),
  );
  if (view.options.published) {
    const note = statusLine();
    note.textContent = w("publishedNow", { v: view.options.published, p: programme });
    main.querySelector("h1")!.after(note);
  }
};

/** Checkboxes of every option by theme, ticked as in the latest version, and the publish button. */
function publishForm(
  themeOptions: Theme[],
  feedbackForms: VersionsData["feedbackForms"],
  programme: string,
  published: (version: number) => void,
): HTMLElement {
  const section = el("section", { "aria-labelledby": "publish-heading" });
  section.append(el("h2", { id: "publish-heading" }, w("publish")), el("p", {}, w("publishIntro")));
  const form = formElement({ class: "publish-form" });
  const latest = feedbackForms.at(-1);
  for (const theme of themeOptions) {
    const ticked = latest
      ? new Set(
          latest.questions.themes
            .find((t) => t.theme === theme.theme)
            ?.options.map((o) => o.code) ?? [],
        )
      : new Set(theme.options.map((o) => o.code));
    const wrap = form.appendChild(el("div", { class: "form-field", "data-field": theme.theme }));
    const fieldset = wrap.appendChild(el("fieldset", { "aria-describedby": `err-${theme.theme}` }));
    fieldset.append(el("legend", {}, label(theme)));
    for (const option of theme.options) {
      const id = `opt-${option.code}`;
      const line = fieldset.appendChild(el("div", { class: "check" }));
      const box = el("input", { type: "checkbox", id, name: theme.theme, value: option.code });
      box.checked = ticked.has(option.code);
      line.append(box, el("label", { for: id }, label(option)));
    }
    wrap.append(el("p", { class: "field-error", id: `err-${theme.theme}` }));
  }
  const button = el("button", { type: "submit", class: "primary" }, w("publishButton"));
  form.append(button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = new FormData(form);
    const themes = themeOptions.map((theme) => ({
      theme: theme.theme,
      optionCodes: chosen.getAll(theme.theme).map(String),
    }));
    const errors: Record<string, string> = {};
    for (const theme of themes) {
      if (theme.optionCodes.length === 0) {
        const name = themeOptions.find((t) => t.theme === theme.theme)!;
        errors[theme.theme] = w("pickOne", { theme: label(name) });
      }
    }
    if (Object.keys(errors).length) return showErrors(form, errors);
    void submitting(form, button, async () => {
      const answer = await graphql<{ publishFeedbackForm: { version: number } }>(PUBLISH, {
        input: { programme, themes },
      });
      published(answer.publishFeedbackForm.version);
    });
  });
  section.append(form);
  return section;
}

export default page;
