import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";

import { PublishFeedbackFormInput } from "../../schema/feedback/feedback-form.input.js";
import { FeedbackForm, FeedbackQuestions } from "../../schema/feedback/feedback-form.type.js";
import type { FeedbackFormRecord } from "../../services/feedback/feedback-form.service.js";
import { questionsOf } from "../../services/feedback/questions.js";
import type { FeedbackContext } from "../../subgraphs/feedback/server.js";
import { ORGANISERS } from "./roles.js";

@Resolver((_of) => FeedbackForm)
export class FeedbackFormResolver {
  @Authorized()
  @Query((_returns) => [FeedbackForm], {
    description:
      "Every version of a programme's feedback form, oldest first. Empty until the programme's first invitations or published form.",
  })
  feedbackForms(
    @Arg("programme", (_type) => String) programme: string,
    @Ctx() { services }: FeedbackContext,
  ): Promise<FeedbackFormRecord[]> {
    return services.forms.list(programme);
  }

  @Authorized(ORGANISERS)
  @Mutation((_returns) => FeedbackForm, {
    description:
      "Publishes the next version of a programme's form; invitations issued from now on use it.",
  })
  publishFeedbackForm(
    @Arg("input", (_type) => PublishFeedbackFormInput) input: PublishFeedbackFormInput,
    @Ctx() { services }: FeedbackContext,
  ): Promise<FeedbackFormRecord> {
    return services.forms.publish(input);
  }

  @FieldResolver((_returns) => FeedbackQuestions)
  questions(@Root() form: FeedbackFormRecord): FeedbackQuestions {
    return questionsOf(form.themes);
  }
}
