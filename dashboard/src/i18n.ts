// Polish first, English second. The strings shared by the pages live here; a page's own strings
// live beside it (`words`).
export type Lang = "pl" | "en";

const pl = {
  appName: "Wizyty — panel analityczny",
  skip: "Przejdź do treści",
  navLabel: "Główna nawigacja",
  navOverview: "Przegląd",
  navSubregions: "Podregiony",
  navNeeds: "Potrzeby i wsparcie",
  navTrends: "Trendy",
  navVisits: "Wizyty",
  navExplorer: "API",
  navManage: "Prowadzenie wizyt",
  staffSignIn: "Logowanie dla pracowników",
  forbidden: "Ta strona jest dla koordynatorów i administratorów.",
  language: "Język",
  switchLang: "English",
  switchLangLabel: "Switch to English",
  signedInAs: "Zalogowano jako",
  signOut: "Wyloguj",
  account: "Moje konto",
  print: "Drukuj raport",
  signInTitle: "Logowanie dla pracowników",
  signInIntro:
    "Panel jest dla analityków, koordynatorów i administratorów. Zaloguj się kontem służbowym.",
  email: "E-mail",
  password: "Hasło",
  signIn: "Zaloguj",
  signingIn: "Logowanie…",
  badCredentials: "Nieprawidłowy e-mail lub hasło.",
  tooMany: "Zbyt wiele prób. Spróbuj ponownie za {s} s.",
  networkError: "Brak połączenia z serwerem. Spróbuj ponownie.",
  genericError: "Nie udało się wczytać danych ({code}).",
  retry: "Spróbuj ponownie",
  expiredTitle: "Sesja wygasła",
  expiredText:
    "Twoja sesja wygasła albo została zakończona. Zaloguj się ponownie, aby wrócić do tego samego widoku.",
  signedOutText: "Wylogowano.",
  filters: "Filtry",
  from: "Od (miesiąc)",
  to: "Do (miesiąc)",
  subregionsFilter: "Podregiony",
  sectorsFilter: "Sektory",
  programme: "Program",
  anyProgramme: "Wszystkie programy",
  visit: "Wizyta",
  anyVisit: "Wszystkie wizyty",
  apply: "Zastosuj",
  clear: "Wyczyść filtry",
  all: "wszystkie",
  activeFilters: "Filtry",
  noFilters: "brak (wszystkie dane)",
  dataAsOf: "Dane z {date}",
  loading: "Wczytywanie…",
  showTable: "Pokaż tabelę danych",
  hideTable: "Ukryj tabelę danych",
  downloadPng: "Pobierz wykres (PNG)",
  downloadCsv: "Pobierz dane (CSV)",
  tableKeyHint: "Klawisz T pokazuje lub ukrywa tabelę.",
  suppressed: "ukryte",
  suppressedLong: "ukryte: mniej niż {k} osób albo ochrona innej ukrytej wartości",
  suppressedNote:
    "Pola „ukryte” (kreskowane) opisują mniej niż {k} osób albo są ukryte dodatkowo, by ukrytej liczby nie dało się wyliczyć z pozostałych; ich wartości nie są pokazywane i nie należy czytać ich jako zera.",
  perturbedNote:
    "Liczby osób są lekko zaburzone (najwyżej o 2 w górę lub w dół, zawsze tak samo dla tej samej grupy), by odjęcie jednego zestawienia od drugiego nie ujawniało małych grup; dlatego części mogą nie sumować się dokładnie do sumy, a odsetki i średnie liczone są z liczb zaburzonych.",
  intervalNote:
    "Przedziały ufności 95%: dla odsetków przedział Wilsona, dla średnich średnia ± 1,96 × odchylenie standardowe / √n; oba poszerzone o wariancję zaburzenia liczb.",
  interval: "przedział 95%",
  base: "n = {n}",
  baseSuppressed: "n ukryte",
  respondents: "respondentów",
  people: "osób",
  count: "Liczba",
  share: "Odsetek",
  mean: "Średnia",
  value: "Wartość",
  total: "Razem",
  // overview
  overviewTitle: "Przegląd",
  visitsHeld: "Zrealizowane wizyty",
  registrations: "Zgłoszenia",
  attendanceRate: "Frekwencja",
  responseRate: "Odsetek odpowiedzi",
  responses: "Odpowiedzi",
  invitations: "Zaproszenia",
  bySector: "Uczestnicy według sektora",
  byGender: "Uczestnicy według płci",
  bySectorFinding: "Najwięcej uczestników reprezentuje sektor: {top}",
  byGenderFinding: "Uczestnicy według płci: najliczniejsza grupa to {top}",
  noData: "Brak danych dla wybranych filtrów",
  ratingOVERALL: "Ocena ogólna wizyty",
  ratingORGANISATION: "Ocena organizacji",
  ratingFinding: "{question}: średnio {mean} na 5",
  ratingFindingSuppressed: "{question}: średnia ukryta (za mało odpowiedzi)",
  ratingValue: "Ocena",
  npsTitle: "NPS {nps}: polecający, neutralni i krytycy",
  npsSuppressed: "NPS ukryty: za mało odpowiedzi",
  promoters: "Polecający (9–10)",
  passives: "Neutralni (7–8)",
  detractors: "Krytycy (0–6)",
  cooperationTitle: "{share} uczestników zamierza nawiązać współpracę",
  cooperationSuppressed: "Zamiar współpracy: odsetek ukryty",
  yes: "Tak",
  no: "Nie",
  undecided: "Nie wiem",
  // subregions
  subregionsTitle: "Podregiony",
  measure: "Miara",
  mapTitle: "{measure}: najwyżej {top}",
  mapAlt: "Mapa dziewięciu podregionów województwa mazowieckiego według miary: {measure}.",
  rankingTitle: "Ranking podregionów: {measure}",
  subregion: "Podregion",
  chooseSubregion: "Kliknij podregion na mapie lub słupek, aby zawęzić widok.",
  selectedSubregions: "Wybrane podregiony: {list}",
  // needs
  needsTitle: "Potrzeby i wsparcie",
  theme: "Temat",
  themeNEEDS: "Dalsze potrzeby",
  themeSUPPORT: "Możliwości wsparcia",
  themeSTRENGTHENING: "Wzmocnienie działań",
  topOptionsTitle: "{theme}: najczęściej „{top}”",
  bySectorMatrix: "{theme} według sektora",
  bySubregionMatrix: "{theme} według podregionu",
  matrixNote: "Komórka: odsetek respondentów w wierszu, którzy wskazali opcję (liczba w nawiasie).",
  option: "Opcja",
  other: "Inne",
  sector: "Sektor",
  // trends
  trendsTitle: "Trendy",
  intervalLabel: "Okres",
  MONTH: "Miesiąc",
  QUARTER: "Kwartał",
  YEAR: "Rok",
  trendFinding: "{measure}: od {first} do {last}",
  trendFindingEmpty: "{measure}: brak danych w tym okresie",
  visitDates: "Pionowe linie: daty wizyt",
  period: "Okres",
  RESPONSES: "Liczba odpowiedzi",
  INVITATIONS: "Liczba zaproszeń",
  RESPONSE_RATE: "Odsetek odpowiedzi",
  OVERALL_MEAN: "Średnia ocena ogólna",
  ORGANISATION_MEAN: "Średnia ocena organizacji",
  NPS: "NPS",
  COOPERATION_YES_SHARE: "Odsetek deklarujących współpracę",
  // visits
  visitsTitle: "Wizyty",
  visitsCount: "{n} wizyt",
  title: "Tytuł",
  dates: "Termin",
  status: "Status",
  more: "Pokaż więcej",
  filterByVisit: "Filtruj analizy według tej wizyty",
  programmeOfVisit: "Program wizyty",
  stop: "Przystanek",
  day: "Dzień",
  host: "Gospodarz",
  topics: "Tematy",
  stopsTitle: "Przydatność przystanków: najwyżej „{top}”",
  stopsSuppressed: "Przydatność przystanków: oceny ukryte",
  discussionTitle: "Podsumowanie dyskusji",
  discussionHeld: "Dyskusja z {date}",
  noDiscussion: "Brak zapisanego podsumowania dyskusji.",
  needs: "Potrzeby",
  proposals: "Propozycje wsparcia",
  notes: "Uwagi",
  actions: "Działania",
  owner: "Odpowiedzialny",
  dueDate: "Termin",
  backToVisits: "Wszystkie wizyty",
  notFound: "Nie ma takiej strony.",
  capacity: "Miejsca",
  organiser: "Organizator",
  barChart: "Wykres słupkowy",
  lineChart: "Wykres liniowy",
  mapChart: "Mapa",
  hiddenWord: "ukryte",
  keyFigures: "Najważniejsze liczby",
  ofInvited: "{responses} z {invited} zaproszonych",
  ofRegistered: "{attended} obecnych, {noShows} nieobecnych",
};

export type Key = keyof typeof pl;

const en: Record<Key, string> = {
  appName: "Wizyty — analytics dashboard",
  skip: "Skip to content",
  navLabel: "Main navigation",
  navOverview: "Overview",
  navSubregions: "Subregions",
  navNeeds: "Needs and support",
  navTrends: "Trends",
  navVisits: "Visits",
  navExplorer: "API",
  navManage: "Run visits",
  staffSignIn: "Staff sign-in",
  forbidden: "This page is for coordinators and administrators.",
  language: "Language",
  switchLang: "Polski",
  switchLangLabel: "Przełącz na polski",
  signedInAs: "Signed in as",
  signOut: "Sign out",
  account: "My account",
  print: "Print report",
  signInTitle: "Staff sign-in",
  signInIntro:
    "The dashboard is for analysts, coordinators and administrators. Sign in with your work account.",
  email: "E-mail",
  password: "Password",
  signIn: "Sign in",
  signingIn: "Signing in…",
  badCredentials: "Wrong e-mail or password.",
  tooMany: "Too many attempts. Try again in {s} s.",
  networkError: "The server cannot be reached. Try again.",
  genericError: "The data could not be loaded ({code}).",
  retry: "Try again",
  expiredTitle: "Your session has expired",
  expiredText: "Your session expired or was ended. Sign in again to return to the same view.",
  signedOutText: "You have signed out.",
  filters: "Filters",
  from: "From (month)",
  to: "To (month)",
  subregionsFilter: "Subregions",
  sectorsFilter: "Sectors",
  programme: "Programme",
  anyProgramme: "All programmes",
  visit: "Visit",
  anyVisit: "All visits",
  apply: "Apply",
  clear: "Clear filters",
  all: "all",
  activeFilters: "Filters",
  noFilters: "none (all data)",
  dataAsOf: "Data as of {date}",
  loading: "Loading…",
  showTable: "Show data table",
  hideTable: "Hide data table",
  downloadPng: "Download chart (PNG)",
  downloadCsv: "Download data (CSV)",
  tableKeyHint: "The T key shows or hides the table.",
  suppressed: "hidden",
  suppressedLong: "hidden: fewer than {k} people, or protecting another hidden value",
  suppressedNote:
    "Cells marked “hidden” (hatched) describe fewer than {k} people, or are hidden as well so that a hidden number cannot be worked out from the others; their values are not shown and must not be read as zero.",
  perturbedNote:
    "Counts of people are slightly perturbed (by at most 2 up or down, always the same for the same group) so that subtracting one table from another cannot reveal a small group; the parts may therefore not add up exactly to the total, and shares and means are computed from the perturbed counts.",
  intervalNote:
    "95% confidence intervals: Wilson score intervals for shares; for means, mean ± 1.96 × standard deviation / √n; both widened by the variance of the perturbation.",
  interval: "95% interval",
  base: "n = {n}",
  baseSuppressed: "n hidden",
  respondents: "respondents",
  people: "people",
  count: "Count",
  share: "Share",
  mean: "Mean",
  value: "Value",
  total: "Total",
  overviewTitle: "Overview",
  visitsHeld: "Visits held",
  registrations: "Registrations",
  attendanceRate: "Attendance rate",
  responseRate: "Response rate",
  responses: "Responses",
  invitations: "Invitations",
  bySector: "Participants by sector",
  byGender: "Participants by gender",
  bySectorFinding: "Most participants come from: {top}",
  byGenderFinding: "Participants by gender: the largest group is {top}",
  noData: "No data for the chosen filters",
  ratingOVERALL: "Overall rating of the visit",
  ratingORGANISATION: "Rating of the organisation",
  ratingFinding: "{question}: {mean} out of 5 on average",
  ratingFindingSuppressed: "{question}: mean suppressed (too few answers)",
  ratingValue: "Rating",
  npsTitle: "NPS {nps}: promoters, passives and detractors",
  npsSuppressed: "NPS suppressed: too few answers",
  promoters: "Promoters (9–10)",
  passives: "Passives (7–8)",
  detractors: "Detractors (0–6)",
  cooperationTitle: "{share} of participants intend to cooperate",
  cooperationSuppressed: "Intention to cooperate: share suppressed",
  yes: "Yes",
  no: "No",
  undecided: "Don't know",
  subregionsTitle: "Subregions",
  measure: "Measure",
  mapTitle: "{measure}: highest in {top}",
  mapAlt: "Map of the nine subregions of the Mazowieckie voivodeship by {measure}.",
  rankingTitle: "Subregions ranked: {measure}",
  subregion: "Subregion",
  chooseSubregion: "Click a subregion on the map or a bar to narrow the view.",
  selectedSubregions: "Selected subregions: {list}",
  needsTitle: "Needs and support",
  theme: "Theme",
  themeNEEDS: "Further needs",
  themeSUPPORT: "Support possibilities",
  themeSTRENGTHENING: "Strengthening of actions",
  topOptionsTitle: "{theme}: most often “{top}”",
  bySectorMatrix: "{theme} by sector",
  bySubregionMatrix: "{theme} by subregion",
  matrixNote: "Cell: share of the row's respondents who named the option (count in brackets).",
  option: "Option",
  other: "Other",
  sector: "Sector",
  trendsTitle: "Trends",
  intervalLabel: "Period",
  MONTH: "Month",
  QUARTER: "Quarter",
  YEAR: "Year",
  trendFinding: "{measure}: from {first} to {last}",
  trendFindingEmpty: "{measure}: no data in this period",
  visitDates: "Vertical lines: visit dates",
  period: "Period",
  RESPONSES: "Responses",
  INVITATIONS: "Invitations",
  RESPONSE_RATE: "Response rate",
  OVERALL_MEAN: "Mean overall rating",
  ORGANISATION_MEAN: "Mean organisation rating",
  NPS: "NPS",
  COOPERATION_YES_SHARE: "Share intending to cooperate",
  visitsTitle: "Visits",
  visitsCount: "{n} visits",
  title: "Title",
  dates: "Dates",
  status: "Status",
  more: "Show more",
  filterByVisit: "Filter the analytics by this visit",
  programmeOfVisit: "Programme of the visit",
  stop: "Stop",
  day: "Day",
  host: "Host",
  topics: "Topics",
  stopsTitle: "Usefulness of the stops: highest for “{top}”",
  stopsSuppressed: "Usefulness of the stops: ratings suppressed",
  discussionTitle: "Summary of the discussion",
  discussionHeld: "Discussion of {date}",
  noDiscussion: "No summary of the discussion has been recorded.",
  needs: "Needs",
  proposals: "Support proposals",
  notes: "Notes",
  actions: "Actions",
  owner: "Owner",
  dueDate: "Due",
  backToVisits: "All visits",
  notFound: "There is no such page.",
  capacity: "Seats",
  organiser: "Organiser",
  barChart: "Bar chart",
  lineChart: "Line chart",
  mapChart: "Map",
  hiddenWord: "suppressed",
  keyFigures: "Key figures",
  ofInvited: "{responses} of {invited} invited",
  ofRegistered: "{attended} attended, {noShows} did not come",
};

const dictionaries: Record<Lang, Record<Key, string>> = { pl, en };

let current: Lang = "pl";

export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
}

export function lang(): Lang {
  return current;
}

export function t(key: Key, values: Record<string, string | number> = {}): string {
  return dictionaries[current][key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(values[name] ?? `{${name}}`),
  );
}

/**
 * A page's own strings, Polish and English, kept beside the page that shows them:
 * `const w = words({ title: "Wizyty" }, { title: "Visits" }); w("title")`.
 */
export function words<K extends string>(
  plWords: Record<K, string>,
  enWords: Record<K, string>,
): (key: K, values?: Record<string, string | number>) => string {
  return (key, values = {}) =>
    (current === "pl" ? plWords : enWords)[key].replace(/\{(\w+)\}/g, (_, name: string) =>
      String(values[name] ?? `{${name}}`),
    );
}

const locale = () => (current === "pl" ? "pl-PL" : "en-GB");

export function formatNumber(value: number, digits = 0): string {
  return new Intl.NumberFormat(locale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

export function formatPercent(share: number, digits = 0): string {
  return new Intl.NumberFormat(locale(), {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

/** `2024-05-01` → "1 maja 2024" / "1 May 2024". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(Date.UTC(y!, m! - 1, d ?? 1)),
  );
}

/** `2024-05` → "maj 2024" / "May 2024". */
/** Today where the organiser works (Europe/Warsaw), `YYYY-MM-DD`: the day the API's rules go by. */
export function organiserToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw" }).format(new Date());
}

/** "3 grudnia 2026", or "3 grudnia 2026 – 4 grudnia 2026" for a visit of two days. */
export function formatDates(start: string, end: string): string {
  return end === start ? formatDate(start) : `${formatDate(start)} – ${formatDate(end)}`;
}

export function formatMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(locale(), {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y!, m! - 1, 1)));
}

/** Picks the label in the page's language from an API object with `labelPl`/`labelEn`. */
export function label(item: { labelPl: string; labelEn: string }): string {
  return current === "pl" ? item.labelPl : item.labelEn;
}
