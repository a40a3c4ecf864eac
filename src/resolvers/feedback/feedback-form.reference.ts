import type { FeedbackContext } from "../../subgraphs/feedback/server.js";

// A form is the question set participants see; it holds nothing personal.
export const feedbackFormReference = {
  __resolveReference: async (ref: { id: string }, { loaders }: FeedbackContext) =>
    (await loaders.form.load(ref.id)) ?? null,
};
