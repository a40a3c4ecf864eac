import { Directive, Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "A NUTS-3 subregion (podregion); analysts compare these." })
@Directive('@key(fields: "code")')
export class Subregion {
  @Field((_type) => ID, { description: "NUTS-3 code, e.g. PL925." })
  code!: string;

  @Field((_type) => String, { description: "Polish name, e.g. siedlecki." })
  name!: string;

  @Field((_type) => String)
  nameEn!: string;

  @Field((_type) => String, { description: "The NUTS version this division comes from." })
  nutsVersion!: string;

  @Field((_type) => [County])
  counties!: County[];
}

@ObjectType({ description: "A county (powiat), keyed by its TERYT code." })
@Directive('@key(fields: "teryt")')
export class County {
  @Field((_type) => ID, { description: "TERYT code, four digits, e.g. 1464." })
  teryt!: string;

  @Field((_type) => String)
  name!: string;

  @Field((_type) => Boolean, {
    description: "A city with county rights (miasto na prawach powiatu).",
  })
  cityCounty!: boolean;

  @Field((_type) => Subregion)
  subregion!: Subregion;
}
