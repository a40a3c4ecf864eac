// What the participant's form asks the API, and the shape of its answer.
export const FORM_QUERY = /* GraphQL */ `
  query FeedbackForm($token: String!) {
    feedbackForm(token: $token) {
      alreadySubmitted
      stopOrders
      visit {
        title
        startDate
        endDate
        stops {
          order
          host {
            name
          }
        }
      }
      form {
        version
        questions {
          overall {
            labelPl
            labelEn
            min
            max
          }
          organisation {
            labelPl
            labelEn
            min
            max
          }
          stopUsefulness {
            labelPl
            labelEn
            min
            max
          }
          recommend {
            labelPl
            labelEn
            min
            max
          }
          cooperationIntention {
            labelPl
            labelEn
            choices {
              value
              labelPl
              labelEn
            }
          }
          themes {
            theme
            labelPl
            labelEn
            options {
              code
              labelPl
              labelEn
            }
            otherLabelPl
            otherLabelEn
            otherMaxLength
          }
          comment {
            labelPl
            labelEn
            maxLength
          }
        }
      }
    }
  }
`;

export const SUBMIT = /* GraphQL */ `
  mutation SubmitFeedback($token: String!, $input: FeedbackAnswersInput!, $submissionId: String!) {
    submitFeedback(token: $token, input: $input, submissionId: $submissionId) {
      accepted
    }
  }
`;

export interface Labelled {
  labelPl: string;
  labelEn: string;
}
export interface Scale extends Labelled {
  min: number;
  max: number;
}

export interface FormView {
  alreadySubmitted: boolean;
  stopOrders: number[];
  visit: {
    title: string;
    startDate: string;
    endDate: string;
    stops: { order: number; host: { name: string } | null }[];
  } | null;
  form: {
    version: number;
    questions: {
      overall: Scale;
      organisation: Scale;
      stopUsefulness: Scale;
      recommend: Scale;
      cooperationIntention: Labelled & { choices: (Labelled & { value: string })[] };
      themes: (Labelled & {
        theme: string;
        options: (Labelled & { code: string })[];
        otherLabelPl: string;
        otherLabelEn: string;
        otherMaxLength: number;
      })[];
      comment: Labelled & { maxLength: number };
    };
  };
}
