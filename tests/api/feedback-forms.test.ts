import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { FEEDBACK_OPTIONS } from "../../src/reference/index.js";
import {
  attendedVisit,
  issueInvitations,
  postToFeedback,
  SUBMIT,
  validAnswers,
} from "../support/feedback.js";
import { codeOf, Role, startTestSystem, type TestSystem } from "../support/system.js";

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(() => t?.close());

const PUBLISH = /* GraphQL */ `
  mutation ($input: PublishFeedbackFormInput!) {
    publishFeedbackForm(input: $input) {
      id
      programme
      version
      createdAt
      questions {
        overall {
          min
          max
        }
        recommend {
          min
          max
        }
        cooperationIntention {
          choices {
            value
          }
        }
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

const FORMS = /* GraphQL */ `
  query ($programme: String!) {
    feedbackForms(programme: $programme) {
      id
      version
    }
  }
`;

const OPEN = /* GraphQL */ `
  query ($token: String!) {
    feedbackForm(token: $token) {
      alreadySubmitted
      stopOrders
      visit {
        id
        title
      }
      form {
        version
        programme
        questions {
          overall {
            labelPl
            labelEn
            min
            max
          }
          stopUsefulness {
            min
            max
          }
          recommend {
            min
            max
          }
          cooperationIntention {
            labelPl
            choices {
              value
              labelPl
              labelEn
            }
          }
          themes {
            theme
            labelPl
            options {
              code
            }
            otherLabelPl
            otherMaxLength
          }
          comment {
            maxLength
          }
        }
      }
    }
  }
`;

let n = 0;
const programme = () => `Program API ${++n}`;

function themes(needs: string[]) {
  return [
    { theme: "NEEDS", optionCodes: needs },
    { theme: "SUPPORT", optionCodes: ["SUPPORT_OWES_ADVISORY"] },
    { theme: "STRENGTHENING", optionCodes: ["STRENGTHEN_NETWORKING", "STRENGTHEN_PROMOTION"] },
  ];
}

describe("publishFeedbackForm and feedbackForms", () => {
  it("publishes numbered versions that staff can list", async () => {
    // Arrange
    const name = programme();
    const coordinator = await t.tokenFor(Role.COORDINATOR);

    // Act
    const first = await t.gql<{ publishFeedbackForm: { id: string; version: number } }>(
      PUBLISH,
      { input: { programme: name, themes: themes(["NEEDS_FUNDING"]) } },
      { token: coordinator },
    );
    const second = await t.gql<{
      publishFeedbackForm: {
        id: string;
        version: number;
        createdAt: string;
        questions: { themes: { theme: string; options: { code: string }[] }[] };
      };
    }>(
      PUBLISH,
      { input: { programme: name, themes: themes(["NEEDS_PREMISES", "NEEDS_FUNDING"]) } },
      { token: await t.tokenFor(Role.ADMIN) },
    );
    const listed = await t.gql(
      FORMS,
      { programme: name },
      { token: await t.tokenFor(Role.ANALYST) },
    );

    // Assert
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    const form = second.data!.publishFeedbackForm;
    expect(first.data!.publishFeedbackForm.version).toBe(1);
    expect(form.version).toBe(2);
    expect(form.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(form.questions.themes[0]).toEqual({
      theme: "NEEDS",
      options: FEEDBACK_OPTIONS.themes.NEEDS.options
        .filter((o) => o.code === "NEEDS_FUNDING" || o.code === "NEEDS_PREMISES")
        .map((o) => ({ code: o.code, labelPl: o.pl, labelEn: o.en })),
    });
    expect(listed.data).toEqual({
      feedbackForms: [
        { id: first.data!.publishFeedbackForm.id, version: 1 },
        { id: form.id, version: 2 },
      ],
    });
  });

  it("refuses an unknown option code with the field that holds it", async () => {
    // Act
    const result = await t.gql(
      PUBLISH,
      { input: { programme: programme(), themes: themes(["NEEDS_FUNDING", "NEEDS_UNICORNS"]) } },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );

    // Assert
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0]!.extensions!["field"]).toBe("input.themes[0].optionCodes");
    expect(result.errors![0]!.message).toContain("NEEDS_UNICORNS");
  });

  it("refuses an unknown theme before any resolver runs", async () => {
    // Act
    const result = await t.gql(
      PUBLISH,
      { input: { programme: programme(), themes: [{ theme: "HOPES", optionCodes: [] }] } },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );

    // Assert
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
  });

  it("lets only ADMIN and COORDINATOR publish, and only staff list", async () => {
    // Arrange
    const input = { programme: programme(), themes: themes(["NEEDS_FUNDING"]) };

    // Act
    const analyst = await t.gql(PUBLISH, { input }, { token: await t.tokenFor(Role.ANALYST) });
    const anonymous = await t.gql(PUBLISH, { input });
    const anonymousList = await t.gql(FORMS, { programme: input.programme });

    // Assert
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(anonymousList)).toBe("UNAUTHENTICATED");
  });

  it("tells which version each visit's invitations use: none before they are issued, then the latest", async () => {
    // Arrange
    const name = programme();
    const coordinator = await t.tokenFor(Role.COORDINATOR);
    const visit = await attendedVisit(t, { attendees: 1, programme: name });
    const VERSIONS = /* GraphQL */ `
      query ($id: ID!) {
        visit(id: $id) {
          feedbackFormVersions
        }
      }
    `;
    const versions = async () =>
      (
        await t.gql<{ visit: { feedbackFormVersions: number[] } }>(
          VERSIONS,
          { id: visit.visitId },
          { token: coordinator },
        )
      ).data?.visit.feedbackFormVersions;
    const before = await versions();
    for (const needs of [["NEEDS_FUNDING"], ["NEEDS_PREMISES"]]) {
      const published = await t.gql(
        PUBLISH,
        { input: { programme: name, themes: themes(needs) } },
        {
          token: coordinator,
        },
      );
      expect(published.errors).toBeUndefined();
    }

    // Act
    await issueInvitations(t, visit.visitId);

    // Assert
    expect(before).toEqual([]);
    expect(await versions()).toEqual([2]);
  });
});

describe("feedbackForm(token)", () => {
  it("opens the visit's form for anyone with the link, with the visit from the visits subgraph", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 1, stops: 3 });
    const [token] = await issueInvitations(t, visit.visitId);

    // Act
    const result = await t.gql<{
      feedbackForm: {
        alreadySubmitted: boolean;
        stopOrders: number[];
        visit: { id: string; title: string };
        form: {
          version: number;
          programme: string;
          questions: {
            overall: { min: number; max: number };
            recommend: { min: number; max: number };
            stopUsefulness: { min: number; max: number };
            cooperationIntention: { choices: { value: string }[] };
            themes: { theme: string; options: { code: string }[]; otherMaxLength: number }[];
            comment: { maxLength: number };
          };
        };
      };
    }>(OPEN, { token });

    // Assert
    expect(result.errors).toBeUndefined();
    const view = result.data!.feedbackForm;
    expect(view.alreadySubmitted).toBe(false);
    expect(view.stopOrders).toEqual([1, 2, 3]);
    expect(view.visit).toEqual({
      id: visit.visitId,
      title: "Wizyta studyjna w podregionie siedleckim",
    });
    expect(view.form.version).toBe(1);
    expect(view.form.programme).toBe("Koordynacja ekonomii społecznej na Mazowszu");
    const { questions } = view.form;
    expect(questions.overall).toMatchObject({ min: 1, max: 5 });
    expect(questions.stopUsefulness).toMatchObject({ min: 1, max: 5 });
    expect(questions.recommend).toMatchObject({ min: 0, max: 10 });
    expect(questions.cooperationIntention.choices.map((c) => c.value)).toEqual([
      "YES",
      "NO",
      "UNDECIDED",
    ]);
    expect(questions.themes.map((q) => q.theme)).toEqual(["NEEDS", "SUPPORT", "STRENGTHENING"]);
    expect(questions.themes[0]!.options).toHaveLength(FEEDBACK_OPTIONS.themes.NEEDS.options.length);
    expect(questions.themes[0]!.otherMaxLength).toBe(500);
    expect(questions.comment.maxLength).toBe(2000);
  });

  it("does not use the link: it opens again and still accepts answers", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 1 });
    const [token] = await issueInvitations(t, visit.visitId);

    // Act
    for (let i = 0; i < 3; i++) await t.gql(OPEN, { token });
    const submitted = await t.gql(SUBMIT, {
      token,
      input: validAnswers(),
      submissionId: "open-then-submit",
    });
    const reopened = await t.gql<{ feedbackForm: { alreadySubmitted: boolean } }>(OPEN, {
      token,
    });

    // Assert
    expect(submitted.errors).toBeUndefined();
    expect(reopened.data!.feedbackForm.alreadySubmitted).toBe(true);
  });

  it("answers NOT_FOUND for a token it never gave out, without echoing it", async () => {
    // Arrange
    const token = "Sfy4yfZ2q1-VBoCurRjSRHm5UYar2v15r8-evW8hf50";

    // Act
    const result = await t.gql(OPEN, { token });

    // Assert
    expect(codeOf(result)).toBe("NOT_FOUND");
    expect(JSON.stringify(result.errors)).not.toContain(token);
  });
});

describe("FeedbackForm as an entity", () => {
  it("resolves by id through _entities on the feedback subgraph", async () => {
    // Arrange
    const published = await t.gql<{ publishFeedbackForm: { id: string } }>(
      PUBLISH,
      { input: { programme: programme(), themes: themes(["NEEDS_FUNDING"]) } },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );
    const id = published.data!.publishFeedbackForm.id;

    // Act
    const result = await postToFeedback<{ _entities: unknown[] }>(
      t,
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on FeedbackForm {
              id
              version
              questions {
                themes {
                  theme
                  options {
                    code
                  }
                }
              }
            }
          }
        }
      `,
      {
        representations: [
          { __typename: "FeedbackForm", id },
          { __typename: "FeedbackForm", id: "0123456789abcdef01234567" },
          { __typename: "FeedbackForm", id: "not-an-id" },
        ],
      },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      {
        id,
        version: 1,
        questions: {
          themes: [
            { theme: "NEEDS", options: [{ code: "NEEDS_FUNDING" }] },
            { theme: "SUPPORT", options: [{ code: "SUPPORT_OWES_ADVISORY" }] },
            {
              theme: "STRENGTHENING",
              options: [{ code: "STRENGTHEN_PROMOTION" }, { code: "STRENGTHEN_NETWORKING" }],
            },
          ],
        },
      },
      null,
      null,
    ]);
  });
});
