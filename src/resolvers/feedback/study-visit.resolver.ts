import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";

import { DiscussionSummary } from "../../schema/feedback/discussion-summary.type.js";
import { FeedbackResponseConnection } from "../../schema/feedback/feedback-response.type.js";
import { Invitation } from "../../schema/feedback/invitation.type.js";
import { StudyVisit } from "../../schema/feedback/study-visit.type.js";
import type { DiscussionSummaryRecord } from "../../services/feedback/discussion-summary.service.js";
import type { FeedbackResponseRecord } from "../../services/feedback/feedback-response.service.js";
import type { InvitationStateRecord } from "../../services/feedback/invitation.service.js";
import { PersonalData } from "../../shared/audit.js";
import { PERSONAL_DATA_ROLES } from "../../shared/auth.js";
import type { Connection } from "../../shared/graphql/connection.js";
import type { FeedbackContext } from "../../subgraphs/feedback/server.js";

const SUPPRESSED_COUNT =
  "for ANALYST null (and no error) when it is 1 to K−1 (ANALYTICS_MIN_GROUP), a group too small to publish, and otherwise perturbed by its cell key (at most ±2, as in analytics); ADMIN and COORDINATOR see every count exactly.";

// Nullable, so that a field the viewer may not see nulls only itself, not the visit.
@Resolver((_of) => StudyVisit)
export class StudyVisitResolver {
  @Authorized()
  @FieldResolver((_returns) => Int, {
    nullable: true,
    description: `Feedback links handed out for this visit. Staff only; ${SUPPRESSED_COUNT}`,
  })
  async invitationCount(
    @Root() visit: StudyVisit,
    @Ctx() { loaders, services, viewer }: FeedbackContext,
  ): Promise<number | null> {
    const counts = await loaders.visitCounts.load(visit.id);
    return services.visitCounts.visible(viewer, counts.invitations, counts.invitationsKey);
  }

  @Authorized()
  @FieldResolver((_returns) => Int, {
    nullable: true,
    description: `Feedback responses received for this visit. Staff only; ${SUPPRESSED_COUNT}`,
  })
  async responseCount(
    @Root() visit: StudyVisit,
    @Ctx() { loaders, services, viewer }: FeedbackContext,
  ): Promise<number | null> {
    const counts = await loaders.visitCounts.load(visit.id);
    return services.visitCounts.visible(viewer, counts.responses, counts.responsesKey);
  }

  @Authorized(PERSONAL_DATA_ROLES)
  @PersonalData()
  @FieldResolver((_returns) => FeedbackResponseConnection, {
    nullable: true,
    description:
      "The visit's anonymous responses one by one, to read what people wrote. ADMIN and COORDINATOR only: analysts get aggregates (`feedbackSummary`, `analyticsOverview`).",
  })
  feedback(
    @Root() visit: StudyVisit,
    @Arg("first", (_type) => Int, { nullable: true, description: "1–100, default 20." })
    first: number | null,
    @Arg("after", (_type) => String, { nullable: true }) after: string | null,
    @Ctx() { services }: FeedbackContext,
  ): Promise<Connection<FeedbackResponseRecord>> {
    return services.responses.forVisit(visit.id, first, after);
  }

  @Authorized()
  @FieldResolver((_returns) => [Int], {
    nullable: true,
    description:
      "The versions of the programme's feedback form this visit's invitations use, lowest first; empty until invitations are issued (they then get the programme's latest version). Staff only.",
  })
  feedbackFormVersions(
    @Root() visit: StudyVisit,
    @Ctx() { loaders }: FeedbackContext,
  ): Promise<number[]> {
    return loaders.formVersionsOfVisit.load(visit.id);
  }

  @Authorized()
  @FieldResolver((_returns) => DiscussionSummary, {
    nullable: true,
    description: "The coordinator's summary of the closing discussion, once recorded. Staff only.",
  })
  discussionSummary(
    @Root() visit: StudyVisit,
    @Ctx() { loaders }: FeedbackContext,
  ): Promise<DiscussionSummaryRecord | null> {
    return loaders.summaryOfVisit.load(visit.id);
  }

  @Authorized(PERSONAL_DATA_ROLES)
  @PersonalData()
  @FieldResolver((_returns) => [Invitation], {
    nullable: true,
    description:
      "The visit's feedback invitations in the order issued: which were e-mailed, which failed, which were used. ADMIN and COORDINATOR only. Links and tokens are never shown here.",
  })
  invitations(
    @Root() visit: StudyVisit,
    @Ctx() { services }: FeedbackContext,
  ): Promise<InvitationStateRecord[]> {
    return services.invitations.forVisit(visit.id);
  }
}
