// Written at build time by dashboard/api-schema.ts: the public API's SDL.
declare module "virtual:api-schema" {
  const sdl: string;
  export default sdl;
}
