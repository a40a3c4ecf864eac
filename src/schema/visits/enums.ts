import { registerEnumType } from "type-graphql";

export enum OrganizationType {
  SOCIAL_COOPERATIVE = "SOCIAL_COOPERATIVE",
  ZAZ = "ZAZ",
  WTZ = "WTZ",
  CIS = "CIS",
  KIS = "KIS",
  PRISON = "PRISON",
  OWES = "OWES",
  WUP = "WUP",
  PUP = "PUP",
  LOCAL_GOVERNMENT = "LOCAL_GOVERNMENT",
  NGO = "NGO",
  BUSINESS = "BUSINESS",
  OTHER = "OTHER",
}
registerEnumType(OrganizationType, {
  name: "OrganizationType",
  description: "What kind of organisation hosts a stop or takes part.",
  valuesConfig: {
    SOCIAL_COOPERATIVE: { description: "Spółdzielnia socjalna / social cooperative" },
    ZAZ: { description: "Zakład Aktywności Zawodowej / vocational activity establishment" },
    WTZ: { description: "Warsztat Terapii Zajęciowej / occupational therapy workshop" },
    CIS: { description: "Centrum Integracji Społecznej / social integration centre" },
    KIS: { description: "Klub Integracji Społecznej / social integration club" },
    PRISON: { description: "Zakład karny / prison" },
    OWES: { description: "Ośrodek Wsparcia Ekonomii Społecznej / social economy support centre" },
    WUP: { description: "Wojewódzki Urząd Pracy / voivodeship labour office" },
    PUP: { description: "Powiatowy Urząd Pracy / county labour office" },
    LOCAL_GOVERNMENT: { description: "Jednostka samorządu terytorialnego / local government" },
    NGO: { description: "Organizacja pozarządowa / non-governmental organisation" },
    BUSINESS: { description: "Przedsiębiorstwo / business" },
    OTHER: { description: "Inna / other" },
  },
});

export enum VisitStatus {
  PLANNED = "PLANNED",
  OPEN_FOR_REGISTRATION = "OPEN_FOR_REGISTRATION",
  COMPLETED = "COMPLETED",
  CANCELLED = "CANCELLED",
}
registerEnumType(VisitStatus, {
  name: "VisitStatus",
  description: "Where a visit is in its life; COMPLETED and CANCELLED are final.",
  valuesConfig: {
    PLANNED: { description: "Being prepared; visible to staff only." },
    OPEN_FOR_REGISTRATION: { description: "Public; anyone may register." },
    COMPLETED: { description: "Took place; public." },
    CANCELLED: { description: "Will not take place; visible to staff only." },
  },
});

export enum VisitMode {
  ON_SITE = "ON_SITE",
  ONLINE = "ONLINE",
}
registerEnumType(VisitMode, { name: "VisitMode" });

export enum Gender {
  WOMAN = "WOMAN",
  MAN = "MAN",
  NON_BINARY = "NON_BINARY",
  UNDISCLOSED = "UNDISCLOSED",
}
registerEnumType(Gender, {
  name: "Gender",
  description: "The breakdown ESF+ monitoring asks for (Regulation (EU) 2021/1057, Annex I).",
});

export enum RegistrationStatus {
  REGISTERED = "REGISTERED",
  WAITLISTED = "WAITLISTED",
  ATTENDED = "ATTENDED",
  NO_SHOW = "NO_SHOW",
  CANCELLED = "CANCELLED",
}
registerEnumType(RegistrationStatus, {
  name: "RegistrationStatus",
  valuesConfig: {
    REGISTERED: { description: "Holds a seat." },
    WAITLISTED: { description: "Waits for a seat; promoted in order when one frees up." },
    ATTENDED: { description: "Came; holds the seat." },
    NO_SHOW: { description: "Did not come; the seat stays taken." },
    CANCELLED: { description: "Withdrawn; holds nothing." },
  },
});

/** Statuses whose registration occupies one of the visit's seats. */
export const SEAT_HOLDING = [
  RegistrationStatus.REGISTERED,
  RegistrationStatus.ATTENDED,
  RegistrationStatus.NO_SHOW,
] as const;

/** What a visitor without a token may see. */
export const PUBLIC_VISIT_STATUSES = [VisitStatus.OPEN_FOR_REGISTRATION, VisitStatus.COMPLETED];

/** A visit in one of these never changes status again, and its waitlist no longer moves. */
export const FINAL_VISIT_STATUSES = [VisitStatus.COMPLETED, VisitStatus.CANCELLED];
