import { Field, InputType } from "type-graphql";

import type { ThemeCode } from "../../reference/index.js";
import { Theme } from "./theme.type.js";

@InputType()
export class FormThemeInput {
  @Field((_type) => Theme)
  theme!: ThemeCode;

  @Field((_type) => [String], { description: "Codes from `themeOptions`." })
  optionCodes!: string[];
}

@InputType()
export class PublishFeedbackFormInput {
  @Field((_type) => String)
  programme!: string;

  @Field((_type) => [FormThemeInput], { description: "Each of the three themes once." })
  themes!: FormThemeInput[];
}
