// What the benchmarks that open the feedback form share: a GraphQL client for the service, and a
// past visit with one attendee whose feedback link they open.
export interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; retryAfter?: number } }[];
}

export function client(baseUrl: string) {
  return async function gql(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Answer;
  };
}

export type Gql = ReturnType<typeof client>;

export function ok(answer: Answer, what: string): Record<string, unknown> {
  if (answer.errors) throw new Error(`${what} failed: ${JSON.stringify(answer.errors)}`);
  return answer.data!;
}

/** A past visit with one attendee, made as the staff user of `auth`: that attendee's link token. */
export async function feedbackLinkToken(gql: Gql, auth: Record<string, string>): Promise<string> {
  const host = ok(
    await gql(
      /* GraphQL */ `
        mutation {
          createOrganization(
            input: { name: "Spółdzielnia socjalna Zioła Siedleckie", type: SOCIAL_COOPERATIVE }
          ) {
            id
          }
        }
      `,
      {},
      auth,
    ),
    "createOrganization",
  ) as { createOrganization: { id: string } };
  const visit = ok(
    await gql(
      /* GraphQL */ `
        mutation ($input: VisitInput!) {
          createVisit(input: $input) {
            id
          }
        }
      `,
      {
        input: {
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
        },
      },
      auth,
    ),
    "createVisit",
  ) as { createVisit: { id: string } };
  const visitId = visit.createVisit.id;
  ok(
    await gql(
      /* GraphQL */ `
        mutation ($visitId: ID!, $input: VisitStopInput!) {
          addVisitStop(visitId: $visitId, input: $input) {
            id
          }
        }
      `,
      { visitId, input: { day: 1, hostId: host.createOrganization.id, topics: ["Profil"] } },
      auth,
    ),
    "addVisitStop",
  );
  const registered = ok(
    await gql(
      /* GraphQL */ `
        mutation ($input: RegistrationInput!) {
          registerForVisit(input: $input) {
            registration {
              id
            }
          }
        }
      `,
      {
        input: {
          visitId,
          name: "Uczestniczka",
          email: "uczestniczka@example.pl",
          institution: "Powiatowy Urząd Pracy w Siedlcach",
          sector: "LABOUR_OFFICE",
          consent: true,
        },
      },
    ),
    "registerForVisit",
  ) as { registerForVisit: { registration: { id: string } } };
  ok(
    await gql(
      /* GraphQL */ `
        mutation ($id: ID!) {
          markAttendance(registrationId: $id, attended: true) {
            status
          }
        }
      `,
      { id: registered.registerForVisit.registration.id },
      auth,
    ),
    "markAttendance",
  );
  const issued = ok(
    await gql(
      /* GraphQL */ `
        mutation ($visitId: ID!) {
          issueInvitations(visitId: $visitId) {
            invitations {
              link
            }
          }
        }
      `,
      { visitId },
      auth,
    ),
    "issueInvitations",
  ) as { issueInvitations: { invitations: { link: string }[] } };
  const link = issued.issueInvitations.invitations[0]!.link;
  return link.slice(link.lastIndexOf("/") + 1);
}
