import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, UseMiddleware } from "type-graphql";

import { FeedbackForm } from "../../schema/feedback/feedback-form.type.js";
import { FeedbackAnswersInput } from "../../schema/feedback/feedback-response.input.js";
import {
  FeedbackResponse,
  SubmitFeedbackResult,
} from "../../schema/feedback/feedback-response.type.js";
import { StudyVisit } from "../../schema/feedback/study-visit.type.js";
import { Subregion } from "../../schema/feedback/subregion.type.js";
import type { FeedbackFormRecord } from "../../services/feedback/feedback-form.service.js";
import type {
  FeedbackResponseRecord,
  SubmitResult,
} from "../../services/feedback/feedback-response.service.js";
import { perAddress } from "../../shared/rate-limits.js";
import type { FeedbackContext } from "../../subgraphs/feedback/server.js";

@Resolver((_of) => FeedbackResponse)
export class FeedbackResponseResolver {
  @Mutation((_returns) => SubmitFeedbackResult, {
    description:
      "Sends a participant's answers with their feedback link; no sign-in needed. The link works once; sending the same `submissionId` again returns the first result.",
  })
  @UseMiddleware(perAddress<FeedbackContext>((context) => context.limits.feedback))
  submitFeedback(
    @Arg("token", (_type) => String) token: string,
    @Arg("input", (_type) => FeedbackAnswersInput) input: FeedbackAnswersInput,
    @Arg("submissionId", (_type) => String, {
      description: "Made by the device once per filled-in form (8–100 characters), e.g. a UUID.",
    })
    submissionId: string,
    @Ctx() { services }: FeedbackContext,
  ): Promise<SubmitResult> {
    return services.responses.submit(token, submissionId, input);
  }

  @FieldResolver((_returns) => StudyVisit)
  visit(@Root() response: FeedbackResponseRecord): StudyVisit {
    return { id: response.visitId };
  }

  @FieldResolver((_returns) => Subregion, {
    nullable: true,
    description:
      "Where the visit was counted; null when fewer than K of the visit's responses share it.",
  })
  subregion(@Root() response: FeedbackResponseRecord): Subregion | null {
    return response.subregionCode === null ? null : { code: response.subregionCode };
  }

  @FieldResolver((_returns) => FeedbackForm, {
    nullable: true,
    description: "The form version answered; withheld (null) with `formVersion`.",
  })
  async form(
    @Root() response: FeedbackResponseRecord,
    @Ctx() { loaders }: FeedbackContext,
  ): Promise<FeedbackFormRecord | null> {
    if (response.formId === null) return null;
    const form = await loaders.form.load(response.formId);
    if (!form) throw new Error(`response names a missing form ${response.formId}`);
    return form;
  }
}
