// Names of the API's enums in the page's language.
import { lang } from "./i18n";

const STATUS: Record<string, [string, string]> = {
  PLANNED: ["Planowana", "Planned"],
  OPEN_FOR_REGISTRATION: ["Otwarta rejestracja", "Open for registration"],
  COMPLETED: ["Zrealizowana", "Completed"],
  CANCELLED: ["Odwołana", "Cancelled"],
};

const HOST: Record<string, [string, string]> = {
  SOCIAL_COOPERATIVE: ["Spółdzielnia socjalna", "Social cooperative"],
  ZAZ: ["Zakład aktywności zawodowej (ZAZ)", "Vocational activity establishment (ZAZ)"],
  WTZ: ["Warsztat terapii zajęciowej (WTZ)", "Occupational therapy workshop (WTZ)"],
  CIS: ["Centrum integracji społecznej (CIS)", "Social integration centre (CIS)"],
  KIS: ["Klub integracji społecznej (KIS)", "Social integration club (KIS)"],
  PRISON: ["Zakład karny", "Prison"],
  OWES: ["Ośrodek wsparcia ekonomii społecznej (OWES)", "Social economy support centre (OWES)"],
  WUP: ["Wojewódzki urząd pracy", "Regional labour office"],
  PUP: ["Powiatowy urząd pracy", "County labour office"],
  LOCAL_GOVERNMENT: ["Samorząd", "Local government"],
  NGO: ["Organizacja pozarządowa", "NGO"],
  BUSINESS: ["Przedsiębiorstwo", "Business"],
  OTHER: ["Inna", "Other"],
};

const pick = (table: Record<string, [string, string]>, code: string) =>
  table[code]?.[lang() === "pl" ? 0 : 1] ?? code;

export const statusName = (code: string) => pick(STATUS, code);
export const hostTypeName = (code: string) => pick(HOST, code);
