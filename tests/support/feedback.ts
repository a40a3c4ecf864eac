// Builders for the feedback subgraph's API tests: a visit with attendees made through the visits
// subgraph's API, invitations issued and answers sent through the gateway, as people would.
import { expect } from "vitest";

import { Role, type TestSystem } from "./system.js";
import { createOrganization, createVisit, register } from "./visits.js";

export { tokenOf, validAnswers } from "./feedback-services.js";

export interface AttendedVisit {
  visitId: string;
  registrationIds: string[];
  emails: string[];
}

/** A visit with `stops` stops and `attendees` people marked as having attended. */
export async function attendedVisit(
  t: TestSystem,
  options: { attendees?: number; stops?: number; programme?: string; sectors?: string[] } = {},
): Promise<AttendedVisit> {
  const coordinator = await t.tokenFor(Role.COORDINATOR);
  const visitId = await createVisit(t, {
    capacity: 60,
    ...(options.programme ? { programme: options.programme } : {}),
  });
  const hostId = await createOrganization(t, { type: "SOCIAL_COOPERATIVE", countyTeryt: "1464" });
  for (let i = 0; i < (options.stops ?? 2); i++) {
    const added = await t.gql(
      /* GraphQL */ `
        mutation ($visitId: ID!, $input: VisitStopInput!) {
          addVisitStop(visitId: $visitId, input: $input) {
            stops {
              order
            }
          }
        }
      `,
      { visitId, input: { day: 1, hostId, topics: ["Profil działalności"] } },
      { token: coordinator },
    );
    expect(added.errors).toBeUndefined();
  }
  const registrationIds: string[] = [];
  const emails: string[] = [];
  const sectors = options.sectors ?? ["NGO", "LOCAL_GOVERNMENT"];
  for (let i = 0; i < (options.attendees ?? 2); i++) {
    const email = `uczestnik.${visitId}.${i}@example.pl`;
    const { registration } = await register(t, visitId, {
      email,
      sector: sectors[i % sectors.length],
    });
    const marked = await t.gql(
      /* GraphQL */ `
        mutation ($id: ID!) {
          markAttendance(registrationId: $id, attended: true) {
            status
          }
        }
      `,
      { id: registration.id },
      { token: coordinator },
    );
    expect(marked.errors).toBeUndefined();
    registrationIds.push(registration.id);
    emails.push(email);
  }
  return { visitId, registrationIds, emails };
}

export const ISSUE = /* GraphQL */ `
  mutation ($visitId: ID!) {
    issueInvitations(visitId: $visitId) {
      issued
      alreadyInvited
      invitations {
        registrationId
        name
        email
        link
        qrCodeSvg
        emailed
      }
    }
  }
`;

export type IssueData = {
  issueInvitations: {
    issued: number;
    alreadyInvited: number;
    invitations: {
      registrationId: string;
      name: string;
      email: string;
      link: string;
      qrCodeSvg: string;
      emailed: boolean;
    }[];
  };
};

/** Issues invitations as a coordinator, failing the test on an error; returns the links' tokens. */
export async function issueInvitations(t: TestSystem, visitId: string): Promise<string[]> {
  const result = await t.gql<IssueData>(
    ISSUE,
    { visitId },
    {
      token: await t.tokenFor(Role.COORDINATOR),
    },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.issueInvitations.invitations.map((i) => i.link.split("/").pop()!);
}

export const SUBMIT = /* GraphQL */ `
  mutation ($token: String!, $input: FeedbackAnswersInput!, $submissionId: String!) {
    submitFeedback(token: $token, input: $input, submissionId: $submissionId) {
      accepted
      receivedOn
      formVersion
    }
  }
`;

export type SubmitData = {
  submitFeedback: { accepted: boolean; receivedOn: string; formVersion: number };
};

/** Posts straight to the feedback subgraph, past the gateway. */
export async function postToFeedback<T = Record<string, unknown>>(
  t: TestSystem,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<{
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}> {
  return t.subgraph<T>("feedback", query, variables, { token });
}

/** The feedback subgraph's database, read with the plain driver. */
export function feedbackDb(t: TestSystem) {
  return t.store.client.db(`${t.config.dbName}_feedback`);
}
