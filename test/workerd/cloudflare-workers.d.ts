// The two exports of workerd's built-in module that the smoke suite uses (the full typings in
// @cloudflare/workers-types clash with the DOM and Node types the rest of the project compiles with).
declare module 'cloudflare:workers' {
  export const env: Record<string, unknown>;
  export const exports: Record<string, unknown>;
}
