// Types `exports` from "cloudflare:workers" (used by tests and service bindings) from the
// Worker's real main module.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('./index');
  }
}
