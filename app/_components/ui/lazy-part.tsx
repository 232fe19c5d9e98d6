"use client";

import { lazy, Suspense, type ComponentType, type ReactNode } from "react";

/**
 * A component whose code loads when it first renders (React.lazy), inside its own Suspense boundary
 * (`fallback`, nothing by default). Like next/dynamic, but without next/dynamic's runtime in the page's
 * first-load chunk; on the server it renders normally (the chunk loads on the client as the part hydrates).
 */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode = null) {
  const Lazy = lazy(() => load().then((c) => ({ default: c })));
  function LazyPart(props: P) {
    return (
      <Suspense fallback={fallback}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return LazyPart;
}
