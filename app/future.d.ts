// Single fetch is on (remix.config.js): loaders and actions return plain data or data(...).
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
