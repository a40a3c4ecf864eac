import { Field, ObjectType, registerEnumType } from "type-graphql";

import { type ThemeCode, THEMES } from "../../reference/index.js";

export const Theme = Object.fromEntries(THEMES.map((code) => [code, code])) as {
  [K in ThemeCode]: K;
};
registerEnumType(Theme, {
  name: "Theme",
  description: "The three themes of a visit's closing discussion.",
  valuesConfig: {
    NEEDS: { description: "Dalsze potrzeby / further needs" },
    SUPPORT: { description: "Możliwości wsparcia / support possibilities" },
    STRENGTHENING: { description: "Wzmocnienie działań / strengthening of actions" },
  },
});

@ObjectType({ description: "A coded answer option; its code never changes across form versions." })
export class ThemeOption {
  @Field((_type) => String)
  code!: string;

  @Field((_type) => String, { description: "Polish label." })
  labelPl!: string;

  @Field((_type) => String, { description: "English label." })
  labelEn!: string;
}

@ObjectType()
export class ThemeOptions {
  @Field((_type) => Theme)
  theme!: ThemeCode;

  @Field((_type) => String)
  labelPl!: string;

  @Field((_type) => String)
  labelEn!: string;

  @Field((_type) => [ThemeOption])
  options!: ThemeOption[];
}
