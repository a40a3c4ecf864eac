import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";

import type { ThemeCode } from "../../reference/index.js";
import {
  AnalyticsFilter,
  analyticsKey,
  normaliseFilter,
  parseAnalyticsKey,
} from "../../schema/analytics-filter.input.js";
import {
  AnalyticsOverview,
  Interval,
  MatrixDimension,
  OtherAnswer,
  ThemeMatrix,
  TrendMeasure,
  TrendPoint,
  VisitFeedbackSummary,
} from "../../schema/feedback/analytics.type.js";
import { StudyVisit } from "../../schema/feedback/study-visit.type.js";
import { Subregion } from "../../schema/feedback/subregion.type.js";
import { Theme } from "../../schema/feedback/theme.type.js";
import type {
  Interval as IntervalValue,
  MatrixDimension as Dimension,
  TrendMeasure as Measure,
} from "../../services/feedback/analytics.service.js";
import { PersonalData } from "../../shared/audit.js";
import { PERSONAL_DATA_ROLES, Role } from "../../shared/auth.js";
import type { FeedbackContext } from "../../subgraphs/feedback/server.js";

export async function overviewFor(key: string, { services }: FeedbackContext) {
  return { key, ...(await services.analytics.overview(parseAnalyticsKey(key))) };
}

@Resolver((_of) => AnalyticsOverview)
export class AnalyticsResolver {
  @Authorized()
  @Query((_returns) => AnalyticsOverview, {
    description: "Every measure for a filter; small groups suppressed. Staff only.",
  })
  analyticsOverview(
    @Arg("filter", (_type) => AnalyticsFilter, { nullable: true }) filter: AnalyticsFilter | null,
    @Ctx() context: FeedbackContext,
  ) {
    return overviewFor(analyticsKey(normaliseFilter(filter)), context);
  }

  @Authorized()
  @Query((_returns) => Int, {
    description:
      "K: the smallest group a published cell may describe; smaller ones come back suppressed. Staff only.",
  })
  analyticsMinGroup(@Ctx() { services }: FeedbackContext): number {
    return services.analytics.minGroup;
  }

  @Authorized()
  @Query((_returns) => ThemeMatrix, {
    description: "One theme's options by sector or subregion, with counts and shares. Staff only.",
  })
  themeMatrix(
    @Arg("theme", (_type) => Theme) theme: ThemeCode,
    @Arg("by", (_type) => MatrixDimension) by: Dimension,
    @Arg("filter", (_type) => AnalyticsFilter, { nullable: true }) filter: AnalyticsFilter | null,
    @Ctx() { services }: FeedbackContext,
  ) {
    return services.analytics.themeMatrix(theme, by, normaliseFilter(filter));
  }

  @Authorized()
  @Query((_returns) => [TrendPoint], {
    description:
      "A feedback measure by month, quarter or year of the visits' start. Feedback measures only: participation (visits held, registrations) is on AnalyticsOverview. Staff only.",
  })
  trend(
    @Arg("measure", (_type) => TrendMeasure) measure: Measure,
    @Arg("interval", (_type) => Interval) interval: IntervalValue,
    @Arg("filter", (_type) => AnalyticsFilter, { nullable: true }) filter: AnalyticsFilter | null,
    @Ctx() { services }: FeedbackContext,
  ) {
    return services.analytics.trend(measure, interval, normaliseFilter(filter));
  }

  @Authorized([Role.ADMIN])
  @Mutation((_returns) => Boolean, {
    description:
      "Deletes one response on an erasure request and takes it out of every rollup. ADMIN only.",
  })
  eraseFeedbackResponse(
    @Arg("id", (_type) => ID) id: string,
    @Ctx() { services }: FeedbackContext,
  ) {
    return services.responses.erase(id);
  }
}

@Resolver((_of) => Subregion)
export class SubregionAnalyticsResolver {
  @Authorized()
  @FieldResolver((_returns) => AnalyticsOverview, {
    nullable: true,
    description:
      "The overview for this subregion (the filter's subregions are replaced). Staff only.",
  })
  analytics(
    @Root() subregion: Subregion,
    @Arg("filter", (_type) => AnalyticsFilter, { nullable: true }) filter: AnalyticsFilter | null,
    @Ctx() context: FeedbackContext,
  ) {
    const normalised = normaliseFilter({ ...filter, subregions: [subregion.code] });
    return overviewFor(analyticsKey(normalised), context);
  }
}

@Resolver((_of) => StudyVisit)
export class VisitAnalyticsResolver {
  @Authorized()
  @FieldResolver((_returns) => VisitFeedbackSummary, {
    nullable: true,
    description:
      "The visit's feedback (per-stop usefulness, ratings, themes) with the discussion summary. Staff only.",
  })
  async feedbackSummary(@Root() visit: StudyVisit, @Ctx() { services, loaders }: FeedbackContext) {
    const [summary, discussion] = await Promise.all([
      services.analytics.visitSummary(visit.id),
      loaders.summaryOfVisit.load(visit.id),
    ]);
    return { ...summary, discussion, visitId: visit.id };
  }
}

@Resolver((_of) => VisitFeedbackSummary)
export class VisitFeedbackSummaryResolver {
  @Authorized(PERSONAL_DATA_ROLES)
  @PersonalData()
  @FieldResolver((_returns) => [OtherAnswer], {
    nullable: true,
    description: "“Other” answers in the respondents' words. ADMIN and COORDINATOR only.",
  })
  otherAnswers(@Root() summary: VisitFeedbackSummary, @Ctx() { services }: FeedbackContext) {
    return services.responses.otherAnswers(summary.visitId);
  }
}
