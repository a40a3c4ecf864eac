import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";

import { DiscussionSummaryInput } from "../../schema/feedback/discussion-summary.input.js";
import { DiscussionSummary } from "../../schema/feedback/discussion-summary.type.js";
import { StudyVisit } from "../../schema/feedback/study-visit.type.js";
import type { DiscussionSummaryRecord } from "../../services/feedback/discussion-summary.service.js";
import type { FeedbackContext } from "../../subgraphs/feedback/server.js";
import { ORGANISERS } from "./roles.js";

@Resolver((_of) => DiscussionSummary)
export class DiscussionSummaryResolver {
  @Authorized(ORGANISERS)
  @Mutation((_returns) => DiscussionSummary, {
    description: "Saves the visit's closing-discussion summary, replacing an earlier one.",
  })
  recordDiscussionSummary(
    @Arg("visitId", (_type) => ID) visitId: string,
    @Arg("input", (_type) => DiscussionSummaryInput) input: DiscussionSummaryInput,
    @Ctx() context: FeedbackContext,
  ): Promise<DiscussionSummaryRecord> {
    return context.services.summaries.record(visitId, input, context.viewer!, context);
  }

  @FieldResolver((_returns) => StudyVisit)
  visit(@Root() summary: DiscussionSummaryRecord): StudyVisit {
    return { id: summary.visitId };
  }
}
