import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  attendedVisit,
  feedbackDb,
  issueInvitations,
  SUBMIT,
  type SubmitData,
  validAnswers,
} from "../support/feedback.js";
import { Role, startTestSystem, type TestSystem } from "../support/system.js";

// "I did not take part in this stop": the form leaves that stop out of `stopRatings`. The
// response is stored without it, and the stop's usefulness is counted over those who rated it.

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(() => t?.close());

const SUMMARY = /* GraphQL */ `
  query ($id: ID!) {
    visit(id: $id) {
      feedbackSummary {
        responses {
          value
        }
        stops {
          order
          mean {
            value
            suppressed
          }
        }
      }
    }
  }
`;

type Summary = {
  visit: {
    feedbackSummary: {
      responses: { value: number };
      stops: { order: number; mean: { value: number | null; suppressed: boolean } }[];
    };
  };
};

describe("a stop the participant did not take part in", () => {
  it("is left out of the stored answers and counted by fewer ratings", async () => {
    // Arrange: seven respondents; six rate stop 1, five rate stop 2, one rates no stop at all.
    const visit = await attendedVisit(t, { attendees: 7, stops: 2 });
    const links = await issueInvitations(t, visit.visitId);
    const stop1 = [5, 4, 4, 3, 5, 3];
    const stop2 = [2, 3, 3, 2, 3];
    const answers = [
      ...stop2.map((rating, i) => [
        { order: 1, rating: stop1[i]! },
        { order: 2, rating },
      ]),
      [{ order: 1, rating: stop1[5]! }],
      null,
    ];

    // Act
    const results = [];
    for (const [i, stopRatings] of answers.entries()) {
      const input = stopRatings
        ? validAnswers({ stopRatings })
        : { ...(validAnswers() as Record<string, unknown>), stopRatings: undefined };
      results.push(
        await t.gql<SubmitData>(SUBMIT, {
          token: links[i],
          submissionId: `skipped-stop-${i}`,
          input,
        }),
      );
    }

    // Assert
    expect(results.map((r) => r.errors)).toEqual(answers.map(() => undefined));
    const db = feedbackDb(t);
    const stored = await db
      .collection("feedbackResponses")
      .find({ visitId: visit.visitId })
      .toArray();
    const stopsStored = stored.map((doc) =>
      (doc["answers"] as { stopRatings: { order: number }[] }).stopRatings.map((s) => s.order),
    );
    expect(stopsStored.sort((a, b) => b.length - a.length)).toEqual([
      ...stop2.map(() => [1, 2]),
      [1],
      [],
    ]);
    // A visit's rollup is one document per sector and subregion of its respondents.
    const rollups = await db
      .collection("visitFeedbackRollups")
      .find({ visitId: visit.visitId })
      .toArray();
    const total = (path: (doc: Record<string, never>) => number | undefined) =>
      rollups.reduce((sum, doc) => sum + (path(doc as never) ?? 0), 0);
    type Stops = Record<string, { count: number; sum: number } | undefined> | undefined;
    const stop = (order: string, key: "count" | "sum") =>
      total((doc) => (doc["stops"] as Stops)?.[order]?.[key]);
    expect(total((doc) => doc["responses"])).toBe(7);
    expect([stop("1", "count"), stop("1", "sum")]).toEqual([6, 24]);
    expect([stop("2", "count"), stop("2", "sum")]).toEqual([5, 13]);

    const summary = await t.gql<Summary>(
      SUMMARY,
      { id: visit.visitId },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );
    expect(summary.errors).toBeUndefined();
    expect(summary.data!.visit.feedbackSummary.responses.value).toBe(7);
    expect(summary.data!.visit.feedbackSummary.stops).toEqual([
      { order: 1, mean: { value: 4, suppressed: false } },
      { order: 2, mean: { value: 13 / 5, suppressed: false } },
    ]);
  });
});
