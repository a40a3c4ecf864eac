import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";

import { FeedbackFormView } from "../../schema/feedback/feedback-form.type.js";
import { IssuedInvitation, IssueInvitationsResult } from "../../schema/feedback/invitation.type.js";
import type {
  FormViewRecord,
  IssuedInvitationRecord,
  IssueResult,
} from "../../services/feedback/invitation.service.js";
import type { FeedbackContext } from "../../subgraphs/feedback/server.js";
import { ORGANISERS } from "./roles.js";

@Resolver()
export class InvitationResolver {
  @Authorized(ORGANISERS)
  @Mutation((_returns) => IssueInvitationsResult, {
    description:
      "Gives every attendee of the visit without an invitation a one-time feedback link (e-mailed when SMTP is set up). Each link is shown only here, once. From the visit's first day on (Europe/Warsaw); before, CONFLICT with reason VISIT_NOT_STARTED.",
  })
  issueInvitations(
    @Arg("visitId", (_type) => ID) visitId: string,
    @Ctx() context: FeedbackContext,
  ): Promise<IssueResult> {
    return context.services.invitations.issue(visitId, context);
  }

  @Authorized(ORGANISERS)
  @Mutation((_returns) => [IssuedInvitation], {
    description:
      "New one-time links for the visit's unused invitations (of people still recorded as attendees), to print the QR sheet again: the older links stop working at once. Each new link is e-mailed again when SMTP is set up. Shown only here, once.",
  })
  renewInvitationLinks(
    @Arg("visitId", (_type) => ID) visitId: string,
    @Ctx() context: FeedbackContext,
  ): Promise<IssuedInvitationRecord[]> {
    return context.services.invitations.renew(visitId, context);
  }

  @Query((_returns) => FeedbackFormView, {
    description:
      "The form a feedback link opens; no sign-in needed. Opening it does not use the link up.",
  })
  feedbackForm(
    @Arg("token", (_type) => String) token: string,
    @Ctx() { services }: FeedbackContext,
  ): Promise<FormViewRecord> {
    return services.invitations.view(token);
  }
}
