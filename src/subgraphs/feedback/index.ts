import {
  analyticsOverviewReference,
  subregionReference,
} from "../../resolvers/feedback/analytics.reference.js";
import {
  AnalyticsResolver,
  SubregionAnalyticsResolver,
  VisitAnalyticsResolver,
  VisitFeedbackSummaryResolver,
} from "../../resolvers/feedback/analytics.resolver.js";
import { discussionSummaryReference } from "../../resolvers/feedback/discussion-summary.reference.js";
import { DiscussionSummaryResolver } from "../../resolvers/feedback/discussion-summary.resolver.js";
import { feedbackFormReference } from "../../resolvers/feedback/feedback-form.reference.js";
import { FeedbackFormResolver } from "../../resolvers/feedback/feedback-form.resolver.js";
import { feedbackResponseReference } from "../../resolvers/feedback/feedback-response.reference.js";
import { FeedbackResponseResolver } from "../../resolvers/feedback/feedback-response.resolver.js";
import { InvitationResolver } from "../../resolvers/feedback/invitation.resolver.js";
import {
  personalDataExportReference,
  PersonalDataFeedbackResolver,
} from "../../resolvers/feedback/personal-data.resolver.js";
import { studyVisitReference } from "../../resolvers/feedback/study-visit.reference.js";
import { StudyVisitResolver } from "../../resolvers/feedback/study-visit.resolver.js";
import { ThemeResolver } from "../../resolvers/feedback/theme.resolver.js";
import { PersonalDataExport } from "../../schema/feedback/personal-data.type.js";
import type { SubgraphDefinition } from "../../shared/graphql/subgraph.js";

/** The `feedback` subgraph: its resolvers and the entities it resolves by key. */
export const feedbackSubgraph: SubgraphDefinition = {
  name: "feedback",
  resolvers: [
    ThemeResolver,
    FeedbackFormResolver,
    InvitationResolver,
    FeedbackResponseResolver,
    DiscussionSummaryResolver,
    StudyVisitResolver,
    PersonalDataFeedbackResolver,
    AnalyticsResolver,
    SubregionAnalyticsResolver,
    VisitAnalyticsResolver,
    VisitFeedbackSummaryResolver,
  ],
  // Resolved only by key: the visits subgraph's personalData query returns it.
  orphanedTypes: [PersonalDataExport],
  references: {
    FeedbackForm: feedbackFormReference,
    FeedbackResponse: feedbackResponseReference,
    DiscussionSummary: discussionSummaryReference,
    StudyVisit: studyVisitReference,
    PersonalDataExport: personalDataExportReference,
    AnalyticsOverview: analyticsOverviewReference,
    Subregion: subregionReference,
  },
};
