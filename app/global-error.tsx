"use client";

// Rendered outside the root layout (no i18n provider): bilingual by design.
// `retry` fetches the server components again (recovers once the database is back); `reset` would not.
export default function GlobalError({ error, retry, reset }: { error: Error & { digest?: string }; retry?: () => void; reset?: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", display: "grid", placeItems: "center", minHeight: "100vh", margin: 0 }}>
        <div role="alert" style={{ textAlign: "center", maxWidth: 420, padding: 16 }}>
          <h1 style={{ fontSize: 20 }}>Something went wrong · 出错了</h1>
          <p style={{ color: "#555", fontSize: 14 }}>
            Please try again in a moment. · 请稍后重试。
            {error.digest ? ` Ref: ${error.digest}` : ""}
          </p>
          <button onClick={() => (retry ?? reset)?.()} style={{ marginTop: 16, padding: "8px 16px" }}>
            Retry · 重试
          </button>
        </div>
      </body>
    </html>
  );
}
