/** Style sheets are imported `with { type: "text" }` (core/report/html.ts): their text. */
declare module "*.css" {
  const text: string;
  export default text;
}
