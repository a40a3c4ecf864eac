import { readFileSync } from "node:fs";

import { type Faker, fakerPL } from "@faker-js/faker";

import { organiserToday } from "../domain/visit-calendar.js";
import {
  FEEDBACK_OPTIONS,
  NUTS,
  type SectorCode,
  type ThemeCode,
  THEMES,
} from "../reference/index.js";

/**
 * The demo data set, as plain records: the 2017 Siedlce visit from the source document and
 * generated visits across every subregion. The same seed always gives the same records.
 */
export interface DemoDataSet {
  organizations: DemoOrganization[];
  visits: DemoVisit[];
}

export interface DemoOrganization {
  key: string;
  name: string;
  type: string;
  operator: string | null;
  county: string;
  description: string;
}

export interface DemoParticipant {
  name: string;
  email: string;
  gender: "WOMAN" | "MAN" | "NON_BINARY" | "UNDISCLOSED";
  institution: string;
  sector: SectorCode;
}

export interface DemoRegistration {
  participant: DemoParticipant;
  status: "REGISTERED" | "WAITLISTED" | "ATTENDED" | "NO_SHOW" | "CANCELLED";
  registeredOn: string;
}

export interface DemoAnswers {
  ratings: { overall: number; organisation: number };
  stopRatings: { order: number; rating: number }[];
  recommend: number;
  cooperationIntention: "YES" | "NO" | "UNDECIDED";
  themes: { theme: ThemeCode; optionCodes: string[]; otherText: string | null }[];
  comment: string | null;
}

export interface DemoResponse {
  sector: SectorCode;
  receivedOn: string;
  answers: DemoAnswers;
}

export interface DemoDiscussion {
  heldOn: string;
  perSector: { sector: SectorCode; needs: string[]; supportProposals: string[]; notes: string }[];
  actions: { description: string; owner: string; dueDate: string; sector: SectorCode | null }[];
}

export interface DemoVisit {
  key: string;
  title: string;
  edition: number;
  programme: string;
  organiser: string;
  subregion: string;
  county: string | null;
  startDate: string;
  endDate: string;
  mode: "ON_SITE" | "ONLINE";
  status: "PLANNED" | "OPEN_FOR_REGISTRATION" | "COMPLETED" | "CANCELLED";
  capacity: number;
  description: string;
  photoCredit: string | null;
  stops: { day: number; order: number; hostKey: string; topics: string[] }[];
  registrations: DemoRegistration[];
  /** Anonymous answers of attendees who used their invitation. */
  responses: DemoResponse[];
  discussion: DemoDiscussion | null;
}

export const DEMO_SEED = 2017;
export const PROGRAMME = "Koordynacja ekonomii społecznej na Mazowszu";
const ORGANISER = "Mazowieckie Centrum Polityki Społecznej";

interface SiedlceFile {
  visit: Omit<DemoVisit, "key" | "stops" | "registrations" | "responses" | "discussion">;
  stops: { day: number; host: DemoOrganization; topics: string[] }[];
  participantSectors: { sector: SectorCode; institution: string | null; count: number }[];
  discussion: { note: string };
}

function readSiedlce(): SiedlceFile {
  const url = new URL("../../reference/demo/siedlce-2017.json", import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as SiedlceFile;
}

export function demoDataSet(seed = DEMO_SEED, today = new Date()): DemoDataSet {
  const faker = fakerPL;
  faker.seed(seed);
  const organizations: DemoOrganization[] = [];
  const visits: DemoVisit[] = [siedlce2017(faker, organizations)];
  const hostsBySubregion = new Map(
    NUTS.subregions.map((s) => [s.code, generatedHosts(faker, s.code, organizations)]),
  );
  const thisYear = today.getUTCFullYear();
  for (let year = thisYear - 6; year <= thisYear + 1; year++) {
    for (const subregion of NUTS.subregions) {
      const count = faker.number.int({ min: 1, max: 3 });
      for (let edition = 1; edition <= count; edition++) {
        visits.push(
          generatedVisit(faker, {
            year,
            edition,
            subregion: subregion.code,
            subregionName: subregion.name,
            hosts: hostsBySubregion.get(subregion.code)!,
            today,
          }),
        );
      }
    }
  }
  return { organizations, visits };
}

function siedlce2017(faker: Faker, organizations: DemoOrganization[]): DemoVisit {
  const file = readSiedlce();
  // The source numbers stops within each day; the product numbers them across the visit.
  const stops = file.stops.map((stop, index) => {
    organizations.push(stop.host);
    return { day: stop.day, order: index + 1, hostKey: stop.host.key, topics: stop.topics };
  });
  const registrations = file.participantSectors.flatMap(({ sector, institution, count }) =>
    Array.from({ length: count }, () => ({
      participant: participant(
        faker,
        sector,
        institution ?? institutionFor(faker, sector, "siedlecki"),
      ),
      status: "ATTENDED" as const,
      registeredOn: "2017-08-0" + faker.number.int({ min: 1, max: 9 }),
    })),
  );
  const visit: DemoVisit = {
    ...file.visit,
    key: "siedlce-2017",
    stops,
    registrations,
    responses: [],
    discussion: null,
  };
  visit.responses = responses(faker, visit);
  visit.discussion = discussion(faker, visit);
  return visit;
}

const HOST_TYPES = ["SOCIAL_COOPERATIVE", "ZAZ", "WTZ", "CIS", "KIS", "PRISON", "OWES"] as const;

const HOST_NAMES: Record<(typeof HOST_TYPES)[number], (place: string, word: string) => string> = {
  SOCIAL_COOPERATIVE: (_place, word) => `Spółdzielnia Socjalna „${word}”`,
  ZAZ: (place) => `Zakład Aktywności Zawodowej w ${place}`,
  WTZ: (place) => `Warsztat Terapii Zajęciowej w ${place}`,
  CIS: (place) => `Centrum Integracji Społecznej w ${place}`,
  KIS: (place) => `Klub Integracji Społecznej w ${place}`,
  PRISON: (place) => `Zakład Karny w ${place}`,
  OWES: (_place, word) => `Ośrodek Wsparcia Ekonomii Społecznej „${word}”`,
};

const TOPICS: Record<(typeof HOST_TYPES)[number], string[]> = {
  SOCIAL_COOPERATIVE: [
    "Profil działalności spółdzielni",
    "Zatrudnienie osób zagrożonych wykluczeniem",
    "Współpraca z samorządem przy zamówieniach",
    "Rozmowy z założycielami",
  ],
  ZAZ: [
    "Oferta ZAZ",
    "Zatrudnienie osób z niepełnosprawnościami",
    "Rola ZAZ na lokalnym rynku pracy",
  ],
  WTZ: ["Rehabilitacja zawodowa uczestników", "Przejście z WTZ do zatrudnienia"],
  CIS: ["Reintegracja społeczna i zawodowa", "Współpraca CIS z urzędem pracy"],
  KIS: ["Działania klubu integracji społecznej", "Praca z osobami długotrwale bezrobotnymi"],
  PRISON: ["Aktywizacja zawodowa osób osadzonych", "Powrót osadzonych na rynek pracy"],
  OWES: [
    "Wsparcie dla podmiotów ekonomii społecznej",
    "Dotacje na nowe miejsca pracy",
    "Doradztwo biznesowe",
  ],
};

const HOST_WORDS = [
  "Razem",
  "Pracownia",
  "Nadzieja",
  "Tęcza",
  "Przystań",
  "Dobre Ręce",
  "Zielony Ogród",
  "Smaki Mazowsza",
  "Kuźnia",
  "Most",
];

function generatedHosts(
  faker: Faker,
  subregion: string,
  organizations: DemoOrganization[],
): DemoOrganization[] {
  const counties = NUTS.subregion(subregion)!.counties;
  return HOST_TYPES.map((type, index) => {
    const county = faker.helpers.arrayElement(counties);
    const place = county.cityCounty
      ? (CITY_LOCATIVE[county.name] ?? county.name)
      : `powiecie ${locative(county.name)}`;
    const host: DemoOrganization = {
      key: `${subregion}-${type}-${index}`.toLowerCase(),
      name: HOST_NAMES[type](place, faker.helpers.arrayElement(HOST_WORDS)),
      type,
      operator:
        type === "ZAZ" || type === "WTZ"
          ? faker.helpers.arrayElement([
              null,
              "Caritas",
              "Stowarzyszenie na rzecz osób z niepełnosprawnościami",
            ])
          : null,
      county: county.teryt,
      description: faker.helpers.arrayElement(TOPICS[type]),
    };
    organizations.push(host);
    return host;
  });
}

function generatedVisit(
  faker: Faker,
  spec: {
    year: number;
    edition: number;
    subregion: string;
    subregionName: string;
    hosts: DemoOrganization[];
    today: Date;
  },
): DemoVisit {
  const month = faker.number.int({ min: 3, max: 11 });
  const day = faker.number.int({ min: 1, max: 26 });
  const start = new Date(Date.UTC(spec.year, month - 1, day));
  const days = faker.helpers.weightedArrayElement([
    { value: 1, weight: 2 },
    { value: 2, weight: 3 },
  ]);
  const end = new Date(start.getTime() + (days - 1) * 86_400_000);
  const hosts = faker.helpers.arrayElements(spec.hosts, { min: 2, max: 4 });
  const stops = hosts.map((host, index) => ({
    day: Math.min(days, 1 + Math.floor((index * days) / hosts.length)),
    order: index + 1,
    hostKey: host.key,
    topics: faker.helpers.arrayElements(TOPICS[host.type as keyof typeof TOPICS], {
      min: 1,
      max: 2,
    }),
  }));
  // As the services decide it: COMPLETED only once the last day has passed in Warsaw.
  const past = isoDate(end) < organiserToday(spec.today);
  const status: DemoVisit["status"] = past
    ? faker.helpers.weightedArrayElement([
        { value: "COMPLETED", weight: 19 },
        { value: "CANCELLED", weight: 1 },
      ])
    : start.getTime() - spec.today.getTime() < 120 * 86_400_000
      ? "OPEN_FOR_REGISTRATION"
      : "PLANNED";
  const capacity = faker.helpers.arrayElement([15, 20, 25, 30]);
  const visit: DemoVisit = {
    key: `${spec.subregion}-${spec.year}-${spec.edition}`.toLowerCase(),
    title: `Wizyta studyjna w podmiotach ekonomii społecznej ${
      spec.subregion === "PL911" ? "w Warszawie" : `w podregionie ${locative(spec.subregionName)}`
    }`,
    edition: spec.edition,
    programme: PROGRAMME,
    organiser: ORGANISER,
    subregion: spec.subregion,
    county: hosts[0]!.county,
    startDate: isoDate(start),
    endDate: isoDate(end),
    mode: faker.helpers.weightedArrayElement([
      { value: "ON_SITE", weight: 9 },
      { value: "ONLINE", weight: 1 },
    ]),
    status,
    capacity,
    description: `Poznanie praktyki ${hosts.map((h) => h.name).join(", ")} i dyskusja o współpracy samorządów z podmiotami ekonomii społecznej.`,
    photoCredit: "MCPS",
    stops,
    registrations: [],
    responses: [],
    discussion: null,
  };
  if (status === "PLANNED") return visit;
  visit.registrations = registrations(faker, visit, start);
  if (status === "COMPLETED") {
    visit.responses = responses(faker, visit);
    visit.discussion = discussion(faker, visit);
  }
  return visit;
}

const SECTOR_WEIGHTS: { value: SectorCode; weight: number }[] = [
  { value: "LABOUR_OFFICE", weight: 3 },
  { value: "LOCAL_GOVERNMENT", weight: 5 },
  { value: "LABOUR_MARKET_INSTITUTION", weight: 3 },
  { value: "NGO", weight: 4 },
  { value: "BUSINESS", weight: 2 },
  { value: "SOCIAL_ECONOMY_ENTITY", weight: 3 },
  { value: "OTHER", weight: 1 },
];

function registrations(faker: Faker, visit: DemoVisit, start: Date): DemoRegistration[] {
  const wanted = faker.number.int({
    min: Math.round(visit.capacity * 0.6),
    max: visit.capacity + 6,
  });
  const held = visit.status === "COMPLETED";
  const list: DemoRegistration[] = [];
  let seated = 0;
  for (let i = 0; i < wanted; i++) {
    const sector = faker.helpers.weightedArrayElement(SECTOR_WEIGHTS);
    const registeredOn = isoDate(
      new Date(start.getTime() - faker.number.int({ min: 7, max: 60 }) * 86_400_000),
    );
    const person = participant(faker, sector, institutionFor(faker, sector, visit.subregion));
    if (visit.status === "CANCELLED") {
      list.push({ participant: person, status: "CANCELLED", registeredOn });
      continue;
    }
    if (seated >= visit.capacity) {
      list.push({ participant: person, status: held ? "CANCELLED" : "WAITLISTED", registeredOn });
      continue;
    }
    seated++;
    const status = !held
      ? "REGISTERED"
      : faker.helpers.weightedArrayElement([
          { value: "ATTENDED" as const, weight: 17 },
          { value: "NO_SHOW" as const, weight: 2 },
          { value: "CANCELLED" as const, weight: 1 },
        ]);
    list.push({ participant: person, status, registeredOn });
  }
  return list;
}

function participant(faker: Faker, sector: SectorCode, institution: string): DemoParticipant {
  const gender = faker.helpers.weightedArrayElement([
    { value: "WOMAN" as const, weight: 62 },
    { value: "MAN" as const, weight: 34 },
    { value: "NON_BINARY" as const, weight: 1 },
    { value: "UNDISCLOSED" as const, weight: 3 },
  ]);
  const sex = gender === "MAN" ? "male" : "female";
  const firstName = faker.person.firstName(sex);
  const lastName = feminine(faker.person.lastName(sex), sex);
  // example.pl is reserved for examples: demo invitations can never reach a real person.
  const email = faker.internet
    .email({ firstName, lastName, provider: "example.pl", allowSpecialCharacters: false })
    .toLowerCase();
  return { name: `${firstName} ${lastName}`, email, gender, institution, sector };
}

function institutionFor(faker: Faker, sector: SectorCode, subregion: string): string {
  const place = NUTS.subregion(subregion)?.counties[0]?.name ?? faker.location.city();
  switch (sector) {
    case "LABOUR_OFFICE":
      return `Powiatowy Urząd Pracy (${place})`;
    case "LOCAL_GOVERNMENT":
      return faker.helpers.arrayElement([
        `Urząd Gminy ${faker.location.city()}`,
        `Starostwo Powiatowe (${place})`,
        `Ośrodek Pomocy Społecznej w ${faker.location.city()}`,
      ]);
    case "LABOUR_MARKET_INSTITUTION":
      return (
        faker.helpers.arrayElement([
          "Agencja zatrudnienia",
          "Instytucja szkoleniowa",
          "Centrum Integracji Społecznej",
        ]) + ` (${place})`
      );
    case "NGO":
      return `Stowarzyszenie ${faker.helpers.arrayElement(HOST_WORDS)}`;
    case "BUSINESS":
      return `${faker.company.name()} sp. z o.o.`;
    case "SOCIAL_ECONOMY_ENTITY":
      return `Spółdzielnia Socjalna „${faker.helpers.arrayElement(HOST_WORDS)}”`;
    case "OTHER":
      return "Uczelnia";
  }
}

/**
 * What each sector tends to raise: local governments ask about social clauses and public
 * purchasing, businesses about partnerships, NGOs about funding, labour offices about their
 * instruments. The weights only make the demo charts tell a plausible story.
 */
const LEANINGS: Record<SectorCode, string[]> = {
  LABOUR_OFFICE: [
    "SUPPORT_LABOUR_OFFICE_INSTRUMENTS",
    "NEEDS_STAFF_COMPETENCE",
    "STRENGTHEN_NETWORKING",
  ],
  LOCAL_GOVERNMENT: [
    "NEEDS_SOCIAL_CLAUSES",
    "SUPPORT_SOCIAL_CLAUSES",
    "STRENGTHEN_PUBLIC_PURCHASING",
    "STRENGTHEN_LOCAL_POLICY",
  ],
  LABOUR_MARKET_INSTITUTION: [
    "SUPPORT_REINTEGRATION_SERVICES",
    "NEEDS_STAFF_COMPETENCE",
    "STRENGTHEN_LOCAL_PARTNERSHIPS",
  ],
  NGO: ["NEEDS_FUNDING", "NEEDS_PREMISES", "SUPPORT_OWES_ADVISORY", "STRENGTHEN_JOINT_PROJECTS"],
  BUSINESS: ["SUPPORT_BUSINESS_PARTNERSHIPS", "NEEDS_MARKET_ACCESS", "STRENGTHEN_PROMOTION"],
  SOCIAL_ECONOMY_ENTITY: [
    "NEEDS_MARKET_ACCESS",
    "NEEDS_FUNDING",
    "SUPPORT_JOB_CREATION_GRANTS",
    "STRENGTHEN_PUBLIC_PURCHASING",
  ],
  OTHER: ["NEEDS_INFORMATION_PROMOTION", "STRENGTHEN_EDUCATION"],
};

const COMMENTS = [
  "Bardzo wartościowa wizyta, dużo praktycznych przykładów.",
  "Za mało czasu na rozmowy z pracownikami.",
  "Chętnie wezmę udział w kolejnej edycji.",
  "Warto zaprosić więcej przedstawicieli biznesu.",
  "Dobra organizacja, przydałyby się materiały po wizycie.",
];

function responses(faker: Faker, visit: DemoVisit): DemoResponse[] {
  const attendees = visit.registrations.filter((r) => r.status === "ATTENDED");
  const rate = faker.number.float({ min: 0.55, max: 0.9 });
  return attendees
    .filter(() => faker.number.float() < rate)
    .map(({ participant: { sector } }) => {
      const enthusiasm = sector === "SOCIAL_ECONOMY_ENTITY" || sector === "NGO" ? 0.4 : 0;
      const rating = () =>
        clamp(Math.round(faker.number.float({ min: 2.6, max: 5.4 }) + enthusiasm), 1, 5);
      const receivedOn = isoDate(
        new Date(Date.parse(visit.endDate) + faker.number.int({ min: 0, max: 10 }) * 86_400_000),
      );
      return {
        sector,
        receivedOn,
        answers: {
          ratings: { overall: rating(), organisation: rating() },
          stopRatings: visit.stops.map((stop) => ({ order: stop.order, rating: rating() })),
          recommend: clamp(
            Math.round(faker.number.float({ min: 4, max: 11 }) + enthusiasm * 2),
            0,
            10,
          ),
          cooperationIntention: faker.helpers.weightedArrayElement([
            { value: "YES" as const, weight: sector === "BUSINESS" ? 3 : 6 },
            { value: "UNDECIDED" as const, weight: 3 },
            { value: "NO" as const, weight: 1 },
          ]),
          themes: THEMES.map((theme) => themeAnswer(faker, theme, sector)),
          comment: faker.number.float() < 0.3 ? faker.helpers.arrayElement(COMMENTS) : null,
        },
      };
    });
}

function themeAnswer(faker: Faker, theme: ThemeCode, sector: SectorCode) {
  const options = FEEDBACK_OPTIONS.themes[theme].options.map((o) => o.code);
  const leaning = LEANINGS[sector].filter((code) => options.includes(code));
  const picked = new Set<string>();
  for (const code of leaning) if (faker.number.float() < 0.6) picked.add(code);
  for (const code of faker.helpers.arrayElements(options, { min: 0, max: 2 })) picked.add(code);
  if (picked.size === 0) picked.add(faker.helpers.arrayElement(options));
  const other = faker.number.float() < 0.05 ? "Wsparcie w zakresie transportu uczestników" : null;
  return { theme, optionCodes: options.filter((code) => picked.has(code)), otherText: other };
}

function discussion(faker: Faker, visit: DemoVisit): DemoDiscussion {
  const sectors = [
    ...new Set(
      visit.registrations.filter((r) => r.status === "ATTENDED").map((r) => r.participant.sector),
    ),
  ];
  const label = (code: string) =>
    THEMES.flatMap((t) => FEEDBACK_OPTIONS.themes[t].options).find((o) => o.code === code)?.pl ??
    code;
  return {
    heldOn: visit.endDate,
    perSector: sectors.map((sector) => ({
      sector,
      needs: LEANINGS[sector].filter((c) => c.startsWith("NEEDS_")).map(label),
      supportProposals: LEANINGS[sector].filter((c) => c.startsWith("SUPPORT_")).map(label),
      notes: faker.helpers.arrayElement(COMMENTS),
    })),
    actions: [
      {
        description: "Spotkanie z OWES w sprawie klauzul społecznych w zamówieniach gminy",
        owner: "MCPS",
        dueDate: isoDate(new Date(Date.parse(visit.endDate) + 60 * 86_400_000)),
        sector: "LOCAL_GOVERNMENT",
      },
      {
        description: "Przesłanie uczestnikom materiałów i kontaktów do odwiedzonych podmiotów",
        owner: "Koordynator wizyty",
        dueDate: isoDate(new Date(Date.parse(visit.endDate) + 14 * 86_400_000)),
        sector: null,
      },
    ],
  };
}

// The Polish locale has one list of surnames; adjectival ones take -ska/-cka for women.
function feminine(lastName: string, sex: "male" | "female"): string {
  return sex === "female" ? lastName.replace(/(sk|ck|dzk)i\b/g, "$1a") : lastName;
}

const CITY_LOCATIVE: Record<string, string> = {
  Ostrołęka: "Ostrołęce",
  Płock: "Płocku",
  Radom: "Radomiu",
  Siedlce: "Siedlcach",
  Warszawa: "Warszawie",
};

/** "warszawski zachodni" → "warszawskim zachodnim" (the adjectives after "w podregionie"). */
function locative(adjectives: string): string {
  return adjectives
    .split(" ")
    .map((word) => (word.endsWith("i") ? `${word}m` : word))
    .join(" ");
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
