import { Query, Resolver } from "type-graphql";

import { FEEDBACK_OPTIONS, THEMES } from "../../reference/index.js";
import { ThemeOptions } from "../../schema/feedback/theme.type.js";

@Resolver()
export class ThemeResolver {
  @Query((_returns) => [ThemeOptions], {
    description:
      "Every coded option of the three discussion themes, with Polish and English labels.",
  })
  themeOptions(): ThemeOptions[] {
    return THEMES.map((theme) => {
      const { pl, en, options } = FEEDBACK_OPTIONS.themes[theme];
      return {
        theme,
        labelPl: pl,
        labelEn: en,
        options: options.map((o) => ({ code: o.code, labelPl: o.pl, labelEn: o.en })),
      };
    });
  }
}
