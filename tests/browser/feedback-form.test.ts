import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hasChromium, launchBrowser } from "../support/browser.js";
import { Role, startTestSystem, type TestSystem } from "../support/system.js";

// A participant opens the invitation link on a phone, answers and sends the form.
const INSECURE_HOST = "wizyty.test";

describe.skipIf(!hasChromium && !process.env.CI)("feedback form page", () => {
  let t: TestSystem;
  let browser: Browser;
  let links: string[];

  beforeAll(async () => {
    t = await startTestSystem();
    // A name that is not localhost, so that Chromium treats plain HTTP to it as insecure.
    browser = await launchBrowser([`--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`]);
    links = await attendedVisitWithInvitations(t, 3);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const responses = () =>
    t.store.client.db(`${t.config.dbName}_feedback`).collection("feedbackResponses");

  it("shows the visit's stops, takes the answers and stores one anonymous response", async () => {
    // Arrange
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const path = new URL(links[0]!).pathname;

    // Act
    await page.goto(`${t.baseUrl}${path}`);
    await page.getByRole("heading", { name: "Wizyta w Siedlcach" }).waitFor();
    const stopLegends = await page.locator("legend", { hasText: "Przystanek" }).allTextContents();
    for (const name of ["overall", "organisation", "stop-1", "stop-2"]) {
      await page.locator(`input[name="${name}"][value="4"]`).check({ force: true });
    }
    await page.locator('input[name="recommend"][value="9"]').check({ force: true });
    await page.locator('input[name="cooperationIntention"][value="YES"]').check();
    await page.locator('input[name="theme-NEEDS"][value="NEEDS_FUNDING"]').check();
    await page.locator('input[name="other-SUPPORT"]').fill("Transport uczestników");
    await page.locator('textarea[name="comment"]').fill("Bardzo dobra organizacja");
    await page.getByRole("button", { name: "Wyślij odpowiedzi" }).click();
    await page.getByText("Dziękujemy! Odpowiedzi zostały zapisane.").waitFor();

    // Assert
    expect(stopLegends).toHaveLength(2);
    expect(stopLegends[0]).toContain("Spółdzielnia Socjalna „Zioła”");
    const stored = await responses().find({}).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      sector: "NGO",
      answers: {
        ratings: { overall: 4, organisation: 4 },
        recommend: 9,
        cooperationIntention: "YES",
        comment: "Bardzo dobra organizacja",
      },
    });
    await page.reload();
    await page.getByText("Ta ankieta została już wypełniona").waitFor();
  });

  it("switches to English without losing answers, and names an unanswered question", async () => {
    // Arrange
    const page = await browser.newPage();
    await page.goto(`${t.baseUrl}${new URL(links[1]!).pathname}`);
    await page.getByRole("button", { name: "Wyślij odpowiedzi" }).waitFor();
    await page.locator('input[name="overall"][value="5"]').check({ force: true });

    // Act
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "Send answers" }).click();

    // Assert
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator('input[name="overall"][value="5"]').isChecked()).toBe(true);
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("Please answer this question.");
    expect(await responses().countDocuments()).toBe(1);
  });

  it("sends the answers over plain HTTP at an address other than localhost (no secure context)", async () => {
    // Arrange
    const page = await browser.newPage();
    const url = new URL(links[2]!);
    url.host = `${INSECURE_HOST}:${new URL(t.baseUrl).port}`;
    await page.goto(url.href);
    await page.getByRole("button", { name: "Wyślij odpowiedzi" }).waitFor();
    for (const name of ["overall", "organisation", "stop-1", "stop-2"]) {
      await page.locator(`input[name="${name}"][value="3"]`).check({ force: true });
    }
    await page.locator('input[name="recommend"][value="7"]').check({ force: true });
    await page.locator('input[name="cooperationIntention"][value="UNDECIDED"]').check();

    // Act
    const sent = page.waitForRequest((r) => !!r.postData()?.includes("SubmitFeedback"));
    await page.getByRole("button", { name: "Wyślij odpowiedzi" }).click();
    await page.getByText("Dziękujemy! Odpowiedzi zostały zapisane.").waitFor();

    // Assert
    // A string, as the test is type-checked without the DOM's types.
    expect(await page.evaluate("[window.isSecureContext, typeof crypto.randomUUID]")).toEqual([
      false,
      "undefined",
    ]);
    const { variables } = (await sent).postDataJSON() as { variables: { submissionId: string } };
    expect(variables.submissionId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(await responses().countDocuments({ "answers.recommend": 7 })).toBe(1);
  });

  it("tells a participant when the link is not valid", async () => {
    // Arrange
    const page = await browser.newPage();

    // Act
    await page.goto(`${t.baseUrl}/feedback/not-a-real-token`);

    // Assert
    await page.getByText("Ten link do ankiety jest nieprawidłowy.").waitFor();
  });
});

/** A completed visit with two stops and `count` attendees; returns their invitation links. */
async function attendedVisitWithInvitations(t: TestSystem, count: number): Promise<string[]> {
  const token = await t.tokenFor(Role.COORDINATOR);
  const call = async <T>(query: string, variables: Record<string, unknown>) => {
    const result = await t.gql<T>(query, variables, { token });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  };
  const hosts = [];
  for (const [name, type] of [
    ["Spółdzielnia Socjalna „Zioła”", "SOCIAL_COOPERATIVE"],
    ["Zakład Karny w Siedlcach", "PRISON"],
  ]) {
    const { createOrganization } = await call<{ createOrganization: { id: string } }>(
      /* GraphQL */ `
        mutation ($input: OrganizationInput!) {
          createOrganization(input: $input) {
            id
          }
        }
      `,
      { input: { name, type, countyTeryt: "1464" } },
    );
    hosts.push(createOrganization.id);
  }
  const { createVisit } = await call<{ createVisit: { id: string } }>(
    /* GraphQL */ `
      mutation ($input: VisitInput!) {
        createVisit(input: $input) {
          id
        }
      }
    `,
    {
      input: {
        title: "Wizyta w Siedlcach",
        edition: 1,
        programme: "Koordynacja ekonomii społecznej na Mazowszu",
        organiser: "Mazowieckie Centrum Polityki Społecznej",
        subregionCode: "PL925",
        startDate: "2024-05-10",
        endDate: "2024-05-11",
        mode: "ON_SITE",
        status: "OPEN_FOR_REGISTRATION",
        capacity: 10,
      },
    },
  );
  for (const [index, hostId] of hosts.entries()) {
    await call(
      /* GraphQL */ `
        mutation ($visitId: ID!, $input: VisitStopInput!) {
          addVisitStop(visitId: $visitId, input: $input) {
            id
          }
        }
      `,
      {
        visitId: createVisit.id,
        input: { day: index + 1, hostId, topics: ["Profil działalności"] },
      },
    );
  }
  for (let i = 0; i < count; i++) {
    const registered = await t.gql<{ registerForVisit: { registration: { id: string } } }>(
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
          visitId: createVisit.id,
          name: `Osoba ${i}`,
          email: `osoba${i}@example.pl`,
          gender: "WOMAN",
          institution: "Stowarzyszenie Razem",
          sector: "NGO",
          consent: true,
        },
      },
    );
    if (registered.errors) throw new Error(JSON.stringify(registered.errors));
    await call(
      /* GraphQL */ `
        mutation ($id: ID!) {
          markAttendance(registrationId: $id, attended: true) {
            status
          }
        }
      `,
      { id: registered.data!.registerForVisit.registration.id },
    );
  }
  const { issueInvitations } = await call<{
    issueInvitations: { invitations: { link: string }[] };
  }>(
    /* GraphQL */ `
      mutation ($id: ID!) {
        issueInvitations(visitId: $id) {
          invitations {
            link
          }
        }
      }
    `,
    { id: createVisit.id },
  );
  return issueInvitations.invitations.map((i) => i.link);
}
