/** tab/build.mjs loads stylesheets as minified text (see its `cssAsText` plugin). */
declare module '*.css' {
  const text: string;
  export default text;
}
