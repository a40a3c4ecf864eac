// Builders for the visits subgraph's tests: organisations, visits and registrations made through
// the API, as a coordinator would make them.
import { expect } from "vitest";

import { organiserToday } from "../../src/domain/visit-calendar.js";
import { Role, type TestSystem } from "./system.js";

let counter = 0;

export async function coordinatorToken(t: TestSystem): Promise<string> {
  return t.tokenFor(Role.COORDINATOR);
}

export async function createOrganization(
  t: TestSystem,
  input: Record<string, unknown> = {},
): Promise<string> {
  const result = await t.gql<{ createOrganization: { id: string } }>(
    /* GraphQL */ `
      mutation ($input: OrganizationInput!) {
        createOrganization(input: $input) {
          id
        }
      }
    `,
    { input: { name: `Organizacja ${++counter}`, type: "NGO", ...input } },
    { token: await coordinatorToken(t) },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.createOrganization.id;
}

/** The calendar day `days` after today where the organiser works; negative for days before. */
export function organiserDay(days: number): string {
  const today = Date.parse(`${organiserToday()}T00:00:00Z`);
  return new Date(today + days * 86_400_000).toISOString().slice(0, 10);
}

export const VISIT_INPUT = {
  title: "Wizyta studyjna w podregionie siedleckim",
  edition: 1,
  programme: "Koordynacja ekonomii społecznej na Mazowszu",
  organiser: "Mazowieckie Centrum Polityki Społecznej",
  subregionCode: "PL925",
  countyTeryt: "1464",
  startDate: "2017-08-23",
  endDate: "2017-08-24",
  mode: "ON_SITE",
  status: "OPEN_FOR_REGISTRATION",
  capacity: 20,
};

export async function createVisit(
  t: TestSystem,
  input: Record<string, unknown> = {},
): Promise<string> {
  const result = await t.gql<{ createVisit: { id: string } }>(
    /* GraphQL */ `
      mutation ($input: VisitInput!) {
        createVisit(input: $input) {
          id
        }
      }
    `,
    { input: { ...VISIT_INPUT, ...input } },
    { token: await coordinatorToken(t) },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.createVisit.id;
}

export interface RegistrationData {
  registerForVisit: {
    cancelToken: string;
    registration: { id: string; status: string; waitlistPosition: number | null };
  };
}

export const REGISTER = /* GraphQL */ `
  mutation ($input: RegistrationInput!) {
    registerForVisit(input: $input) {
      cancelToken
      registration {
        id
        status
        waitlistPosition
      }
    }
  }
`;

export function registrationInput(visitId: string, input: Record<string, unknown> = {}) {
  const n = ++counter;
  return {
    visitId,
    name: `Uczestniczka ${n}`,
    email: `osoba${n}@example.pl`,
    gender: "WOMAN",
    institution: "Powiatowy Urząd Pracy w Siedlcach",
    sector: "LABOUR_OFFICE",
    consent: true,
    ...input,
  };
}

/** Registers someone new (anonymously) and returns the result, failing the test on an error. */
export async function register(
  t: TestSystem,
  visitId: string,
  input: Record<string, unknown> = {},
): Promise<RegistrationData["registerForVisit"]> {
  const result = await t.gql<RegistrationData>(REGISTER, {
    input: registrationInput(visitId, input),
  });
  expect(result.errors).toBeUndefined();
  return result.data!.registerForVisit;
}

/** Records as a coordinator that the person came, failing the test on an error. */
export async function markAttended(t: TestSystem, registrationId: string): Promise<void> {
  const result = await t.gql(
    /* GraphQL */ `
      mutation ($id: ID!) {
        markAttendance(registrationId: $id, attended: true) {
          status
        }
      }
    `,
    { id: registrationId },
    { token: await coordinatorToken(t) },
  );
  expect(result.errors).toBeUndefined();
}

export interface VisitCounts {
  capacity: number;
  registeredCount: number;
  waitlistCount: number;
  seatsLeft: number;
  registrations: { id: string; status: string; waitlistPosition: number | null }[];
}

/** The visit's counters and registrations, as a coordinator sees them. */
export async function visitCounts(t: TestSystem, visitId: string): Promise<VisitCounts> {
  const result = await t.gql<{ visit: VisitCounts }>(
    /* GraphQL */ `
      query ($id: ID!) {
        visit(id: $id) {
          capacity
          registeredCount
          waitlistCount
          seatsLeft
          registrations {
            id
            status
            waitlistPosition
          }
        }
      }
    `,
    { id: visitId },
    { token: await coordinatorToken(t) },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.visit;
}
