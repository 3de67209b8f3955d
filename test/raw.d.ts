/** Vite's raw imports (the demo seeds, read by test/summer-seed.test.ts). */
declare module "*?raw" {
  const text: string;
  export default text;
}
